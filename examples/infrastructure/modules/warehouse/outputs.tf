output "database_name" {
  description = "Name of the catalog database."
  value       = aws_glue_catalog_database.this.name
}

output "source_bucket_arn" {
  description = "The bucket this catalog describes (passed through for callers)."
  value       = var.raw_bucket_arn
}
