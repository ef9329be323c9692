"""Publishing the marts as a read-only snapshot that readers can hold open while dbt builds."""
