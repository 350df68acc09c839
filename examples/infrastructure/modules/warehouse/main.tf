# The warehouse catalog: one Glue database over the curated zone.

resource "aws_glue_catalog_database" "this" {
  name        = var.database_name
  description = var.description

  create_table_default_permission {
    permissions = ["SELECT"]

    principal {
      data_lake_principal_identifier = "IAM_ALLOWED_PRINCIPALS"
    }
  }
}
