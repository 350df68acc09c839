variable "database_name" {
  description = "Name of the Glue catalog database."
  type        = string
}

variable "description" {
  description = "Description shown in the catalog."
  type        = string
  default     = ""
}

variable "raw_bucket_arn" {
  description = "ARN of the bucket the catalog's crawlers read."
  type        = string
}
