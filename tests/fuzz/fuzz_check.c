/* Fuzzes a whole `factlint check` run: the input is a rule file, a figures table and an
 * article, in that order, separated by lines that hold "%%" alone (a missing part is
 * empty). The first byte picks the report format and --verbose. Every input must end
 * in a report or a diagnosed exit 2, with no memory error or leak. Each input is
 * checked twice: on one thread, and on three with the table cut into parts every few
 * dozen bytes; the two reports and exit statuses must be the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "factlint.h"
#include "files.h"
#include "fuzz.h"
#include "memory.h"

static char folder[] = "/tmp/factlint-fuzz-check-XXXXXX";
static char rules_path[64], table_path[64], article_path[64], report_path[64],
    parts_report_path[64];

static void write_part(const char *path, const uint8_t *data, size_t size)
{
    FILE *file = fopen(path, "wb");
    if (!file || (size && fwrite(data, 1, size, file) != size) || fclose(file) != 0)
        abort();
}

/* The next part of the input, up to a "\n%%\n" line or the end. */
static const uint8_t *next_part(const uint8_t **data, size_t *size, size_t *length)
{
    const uint8_t *start = *data;
    for (size_t i = 0; i + 4 <= *size; i++) {
        if (memcmp(start + i, "\n%%\n", 4) == 0) {
            *length = i + 1;
            *data += i + 4;
            *size -= i + 4;
            return start;
        }
    }
    *length = *size;
    *data += *size;
    *size = 0;
    return start;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!rules_path[0]) {
        if (!mkdtemp(folder))
            abort();
        snprintf(rules_path, sizeof rules_path, "%s/case.rules", folder);
        snprintf(table_path, sizeof table_path, "%s/figures.csv", folder);
        snprintf(article_path, sizeof article_path, "%s/article.txt", folder);
        /* Beside the folder the runs read, not in it. */
        snprintf(report_path, sizeof report_path, "%s.report", folder);
        snprintf(parts_report_path, sizeof parts_report_path, "%s.parts", folder);
        setenv("FACTLINT_PART_BYTES", "48", 1);
    }
    if (size == 0)
        return 0;
    uint8_t choice = data[0];
    data++;
    size--;
    size_t length;
    const uint8_t *part = next_part(&data, &size, &length);
    write_part(rules_path, part, length);
    part = next_part(&data, &size, &length);
    write_part(table_path, part, length);
    part = next_part(&data, &size, &length);
    write_part(article_path, part, length);

    static const fl_format formats[] = {FL_FORMAT_TEXT,   FL_FORMAT_JSON,  FL_FORMAT_SARIF,
                                        FL_FORMAT_GITHUB, FL_FORMAT_JUNIT, FL_FORMAT_HTML};
    const char *rule_paths[] = {rules_path};
    const char *paths[] = {folder};
    fl_options options = {
        .rule_paths = rule_paths,
        .rule_path_count = 1,
        .paths = paths,
        .path_count = 1,
        .format = formats[choice % 6],
        .output = report_path,
        .fail_on = FL_FAIL_ON_WARNING,
        .color = FL_COLOR_NEVER,
        .verbose = (choice & 0x40) != 0,
        .quiet = (choice & 0x80) != 0,
    };
    options.jobs = 1;
    remove(report_path);
    int status = fl_check_command(&options);
    if (status < 0 || status > 2)
        abort();
    fl_buffer report = FL_BUFFER_INIT;
    bool reported = fl_file_read(report_path, &report);
    remove(report_path);

    options.jobs = 3;
    options.output = parts_report_path;
    remove(parts_report_path);
    int parts_status = fl_check_command(&options);
    fl_buffer parts_report = FL_BUFFER_INIT;
    bool parts_reported = fl_file_read(parts_report_path, &parts_report);
    remove(parts_report_path);
    if (parts_status != status || parts_reported != reported ||
        parts_report.length != report.length ||
        (report.length && memcmp(parts_report.data, report.data, report.length) != 0))
        abort();
    fl_buffer_free(&report);
    fl_buffer_free(&parts_report);
    return 0;
}
