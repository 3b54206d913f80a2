/* Fuzzes a whole `factlint check` run: the input is a rule file, a figures table and an
 * article, in that order, separated by lines that hold "%%" alone (a missing part is
 * empty). The first byte picks the report format and --verbose. Every input must end
 * in a report or a diagnosed exit 2, with no memory error or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "factlint.h"
#include "fuzz.h"

static char folder[] = "/tmp/factlint-fuzz-check-XXXXXX";
static char rules_path[64], table_path[64], article_path[64], report_path[64];

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
        snprintf(report_path, sizeof report_path, "%s/report.out", folder);
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
    int status = fl_check_command(&options);
    if (status < 0 || status > 2)
        abort();
    return 0;
}
