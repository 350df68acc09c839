output "raw_bucket_arn" {
  description = "ARN of the raw zone bucket (the ingest job writes here)."
  value       = aws_s3_bucket.raw.arn
}
