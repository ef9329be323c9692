-- One row per export file loaded for a user.
with

source as (
    select * from {{ source('landing', 'loaded_files') }}
),

renamed as (
    select
        file_sha256,
        username,
        file_name,
        source_path,
        format as file_format,
        rows_in_file,
        rows_loaded,
        rows_duplicate,
        loaded_at
    from source
    qualify row_number() over (partition by file_sha256, username order by loaded_at) = 1
)

select * from renamed
