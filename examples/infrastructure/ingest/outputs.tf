output "ingest_job_name" {
  description = "Name of the Glue ingest job."
  value       = aws_glue_job.ingest.name
}
