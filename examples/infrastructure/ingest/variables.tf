variable "region" {
  description = "AWS region of the ingest job."
  type        = string
  default     = "eu-west-1"
}

variable "script_location" {
  description = "S3 URL of the ingest job's script."
  type        = string
  default     = "s3://acme-raw/jobs/ingest.py"
}
