# The nightly ingest job and the role it runs as.

data "aws_iam_policy_document" "glue_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["glue.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "loader" {
  name               = "loader"
  assume_role_policy = data.aws_iam_policy_document.glue_assume.json
}

resource "aws_glue_job" "ingest" {
  name         = "ingest"
  role_arn     = aws_iam_role.loader.arn
  max_capacity = 2
  timeout      = 60

  command {
    script_location = var.script_location
    python_version  = "3"
  }
}
