variable "region" {
  description = "AWS region of the data lake."
  type        = string
  default     = "eu-west-1"
}

variable "name_prefix" {
  description = "Prefix of every bucket name (bucket names are global)."
  type        = string
  default     = "acme"
}
