# The lake's two zones and the catalog over the curated zone.

resource "aws_s3_bucket" "raw" {
  bucket        = "${var.name_prefix}-raw"
  force_destroy = false

  tags = {
    team = "data"
  }
}

resource "aws_s3_bucket" "curated" {
  bucket        = "${var.name_prefix}-curated"
  force_destroy = false

  tags = {
    team = "data"
  }
}

module "warehouse" {
  source = "../modules/warehouse"

  database_name  = "curated"
  description    = "Curated zone"
  raw_bucket_arn = aws_s3_bucket.raw.arn
}
