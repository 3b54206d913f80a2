/*
 * csv_count FILE — parses FILE with libcsv alone and prints its records and fields:
 * the floor the table benchmark measures every check from.
 *
 * It sets libcsv up as factlint's reader does (strict quoting, strict end of file,
 * NUL-terminated fields, no space trimming, 64 KiB buffer blocks) and feeds it the
 * file in 64 KiB chunks, single-threaded; the callbacks only count. Exit 1 when the
 * file cannot be read or does not parse.
 */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>

enum { CHUNK_SIZE = 64 * 1024, BLOCK_SIZE = 64 * 1024 };

typedef struct counts {
    uint64_t records, fields, bytes;
} counts;

static void on_field(void *bytes, size_t length, void *context)
{
    (void)bytes;
    counts *c = context;
    c->fields++;
    c->bytes += length;
}

static void on_record(int terminator, void *context)
{
    (void)terminator;
    counts *c = context;
    c->records++;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: csv_count FILE\n");
        return 2;
    }
    FILE *in = fopen(argv[1], "rb");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fprintf(stderr, "csv_count: cannot start libcsv\n");
        return 1;
    }
    csv_set_space_func(&parser, no_space);
    csv_set_blk_size(&parser, BLOCK_SIZE);
    static char chunk[CHUNK_SIZE];
    counts c = {0};
    size_t got;
    int status = 0;
    while ((got = fread(chunk, 1, sizeof chunk, in)) > 0) {
        if (csv_parse(&parser, chunk, got, on_field, on_record, &c) != got) {
            fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&parser)));
            status = 1;
            break;
        }
    }
    if (ferror(in)) {
        perror(argv[1]);
        status = 1;
    }
    if (status == 0 && csv_fini(&parser, on_field, on_record, &c) != 0) {
        fprintf(stderr, "%s: %s\n", argv[1], csv_strerror(csv_error(&parser)));
        status = 1;
    }
    csv_free(&parser);
    fclose(in);
    printf("records %llu fields %llu field_bytes %llu\n", (unsigned long long)c.records,
           (unsigned long long)c.fields, (unsigned long long)c.bytes);
    return status;
}
