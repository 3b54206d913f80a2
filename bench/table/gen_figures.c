/*
 * gen_figures — a figures table of any size for the table benchmark, and the findings
 * the arrest rules must give on it.
 *
 * Each document reports one or more periods ("h1", "june", "2024"): a total of
 * arrests, a per-nationality breakdown, prosecutions and deportations, written the
 * way articles write them ("2,418", "about 3,000", "nearly 500", "1.5 million",
 * "more than 70", "2,000-2,300"), plus figures no rule reads ("12%", "20 to 25").
 * Most periods are consistent. A share of them is built to break one rule for
 * certain (a planted inconsistency) and another share to be unconfirmable (a hedged
 * figure that may or may not agree); each of those is one line of the expected
 * file, `doc,rule,binding,outcome`. Values are chosen so that the outcome follows
 * from how they were built, not from evaluating the rules: the generator knows the
 * interval each form stands for (in hundredths, so that 5% of a count stays exact)
 * but never compares intervals the way a checker does.
 *
 * Rows of a document stand together, documents in order. The same arguments always
 * give the same bytes.
 *
 * usage: gen_figures --rows N --docs N --out FILE --expected FILE
 *                    [--seed N] [--planted RATE] [--unconfirmed RATE]
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_NATIONALITIES = 12, /* a breakdown names 2 to 12 of them */
    MAX_FILLERS = 7,        /* figures of a period that no rule reads */
    PERIOD_ROWS = 16,       /* a document gets one period per 16 rows or part */
    MAX_ROWS = 3 + MAX_NATIONALITIES + MAX_FILLERS,
    HUNDREDTHS = 100,
};

/* ---- random numbers: splitmix64, so that a seed gives the same table anywhere ---- */

typedef struct rng {
    uint64_t state;
} rng;

static uint64_t next(rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A number in [lo, hi], both included; lo when hi < lo. */
static int64_t between(rng *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int64_t)(next(r) % (uint64_t)(hi - lo + 1));
}

static bool chance(rng *r, double p)
{
    return (double)(next(r) >> 11) / 9007199254740992.0 < p;
}

static const char *pick(rng *r, const char *const *words, size_t count)
{
    return words[between(r, 0, (int64_t)count - 1)];
}

#define PICK(r, words) pick(r, words, sizeof words / sizeof *words)

/* ---- how numbers are written ---- */

static void grouped(char *out, size_t size, int64_t n)
{
    char digits[32];
    int length = snprintf(digits, sizeof digits, "%" PRId64, n);
    size_t o = 0;
    for (int i = 0; i < length && o + 2 < size; i++) {
        if (i > 0 && (length - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
}

/* An exact count: "2,418" mostly, "2418" sometimes. */
static void write_count(rng *r, char *out, size_t size, int64_t n)
{
    if (n >= 1000 && chance(r, 0.3))
        snprintf(out, size, "%" PRId64, n);
    else
        grouped(out, size, n);
}

static int64_t power10(int exponent)
{
    int64_t p = 1;
    while (exponent-- > 0)
        p *= 10;
    return p;
}

/* Half the place value of the last non-zero digit of n (> 0), in hundredths: what
 * "about n" reaches at least. */
static int64_t approx_step(int64_t n)
{
    int zeros = 0;
    while (n % 10 == 0) {
        n /= 10;
        zeros++;
    }
    return HUNDREDTHS / 2 * power10(zeros);
}

/* How far "about n" reaches, in hundredths, with the rules' 5% tolerance. */
static int64_t about_slack(int64_t n)
{
    int64_t step = approx_step(n), relative = n * HUNDREDTHS * 5 / 100;
    return step > relative ? step : relative;
}

/* n rounded to one or two significant digits, as a reporter rounds a count. */
static int64_t round_count(rng *r, int64_t n)
{
    int64_t unit = 1;
    int keep = chance(r, 0.5) ? 1 : 2;
    while (n / unit >= power10(keep))
        unit *= 10;
    int64_t rounded = (n + unit / 2) / unit * unit;
    return rounded > 0 ? rounded : 1;
}

/* ---- a period's figures ---- */

typedef struct row {
    char key[96];
    char value[48];
    char quote[160];
} row;

typedef struct period {
    const char *name;
    row rows[MAX_ROWS];
    size_t count;
} period;

static row *add_row(period *p)
{
    return &p->rows[p->count++];
}

/* The quote a figure was taken from: its value as written, between two phrases. */
static void set_quote(row *w, const char *before, const char *after)
{
    char value[sizeof w->value];
    memcpy(value, w->value, sizeof value);
    snprintf(w->quote, sizeof w->quote, "%s%s%s", before, value, after);
}

static const struct nationality {
    const char *key, *people;
} NATIONALITIES[] = {
    {"vietnamese", "Vietnamese"}, {"indonesian", "Indonesians"}, {"chinese", "Chinese"},
    {"korean", "Koreans"}, {"bangladeshi", "Bangladeshi"}, {"pakistani", "Pakistanis"},
    {"thai", "Thais"}, {"filipino", "Filipinos"}, {"malaysian", "Malaysians"},
    {"indian", "Indians"}, {"nepali", "Nepalis"}, {"burmese", "Burmese"}, {"lao", "Lao"},
    {"japanese", "Japanese"}, {"taiwanese", "Taiwanese"}, {"sri_lankan", "Sri Lankans"},
    {"ugandan", "Ugandans"}, {"kenyan", "Kenyans"}, {"nigerian", "Nigerians"},
    {"ethiopian", "Ethiopians"}, {"russian", "Russians"}, {"turkish", "Turks"},
    {"brazilian", "Brazilians"}, {"georgian", "Georgians"},
};
enum { NATIONALITY_COUNT = sizeof NATIONALITIES / sizeof *NATIONALITIES };

static const char *const PERIOD_NAMES[] = {
    "h1", "h2", "q1", "q2", "q3", "q4", "june", "july", "may", "march", "2023", "2024",
    "2025", "jan-mar", "week-27", "ytd",
};
enum { PERIOD_NAME_COUNT = sizeof PERIOD_NAMES / sizeof *PERIOD_NAMES };

static const char *const ABOUT_WORDS[] = {"about", "around", "roughly", "about"};
static const char *const NEARLY_WORDS[] = {"nearly", "almost"};
static const char *const MORE_WORDS[] = {"more than", "over"};

/* A breakdown of `k` nationalities adding up to at most `target` (>= k), each value
 * exact or, with probability `hedged`, written "about N" or "nearly N". Returns the
 * sum's bounds in hundredths. */
static void add_breakdown(rng *r, period *p, int k, int64_t target, double hedged,
                          bool at_least_one_about, int64_t *sum_lo, int64_t *sum_hi)
{
    int order[NATIONALITY_COUNT];
    for (int i = 0; i < NATIONALITY_COUNT; i++)
        order[i] = i;
    int64_t weights[MAX_NATIONALITIES], weight_sum = 0;
    for (int i = 0; i < k; i++) {
        int j = (int)between(r, i, NATIONALITY_COUNT - 1);
        int swap = order[i];
        order[i] = order[j];
        order[j] = swap;
        weights[i] = between(r, 1, 100);
        weight_sum += weights[i];
    }
    *sum_lo = *sum_hi = 0;
    for (int i = 0; i < k; i++) {
        int64_t n = 1 + (target - k) * weights[i] / weight_sum;
        const struct nationality *who = &NATIONALITIES[order[i]];
        row *w = add_row(p);
        snprintf(w->key, sizeof w->key, "arrests.%s.by_nationality.%s", p->name, who->key);
        bool about = (at_least_one_about && i == 0) || chance(r, hedged);
        if (about) {
            int64_t rounded = round_count(r, n);
            char number[32];
            grouped(number, sizeof number, rounded);
            int64_t slack = about_slack(rounded);
            *sum_hi += rounded * HUNDREDTHS;
            if (!(at_least_one_about && i == 0) && chance(r, 0.3)) {
                snprintf(w->value, sizeof w->value, "%s %s", PICK(r, NEARLY_WORDS), number);
            } else {
                snprintf(w->value, sizeof w->value, "%s %s", PICK(r, ABOUT_WORDS), number);
                *sum_hi += slack;
            }
            *sum_lo += rounded * HUNDREDTHS - slack;
        } else {
            write_count(r, w->value, sizeof w->value, n);
            *sum_lo += n * HUNDREDTHS;
            *sum_hi += n * HUNDREDTHS;
        }
        char after[40];
        snprintf(after, sizeof after, " %s", who->people);
        set_quote(w, "", after);
    }
}

typedef enum part { TOTAL, PROSECUTIONS, DEPORTED } part;

static const struct part_info {
    const char *key, *phrase;
} PARTS[] = {
    [TOTAL] = {"total", " people were arrested"},
    [PROSECUTIONS] = {"prosecutions", " prosecutions"},
    [DEPORTED] = {"deported", " foreigners being deported"},
};

/* A period's total, prosecutions or deportations, written as `value`. */
static void add_part(period *p, part which, const char *value)
{
    row *w = add_row(p);
    snprintf(w->key, sizeof w->key, "arrests.%s.%s", p->name, PARTS[which].key);
    snprintf(w->value, sizeof w->value, "%s", value);
    set_quote(w, "", PARTS[which].phrase);
}

static void add_exact_total(rng *r, period *p, int64_t total)
{
    char value[32];
    write_count(r, value, sizeof value, total);
    add_part(p, TOTAL, value);
}

/* Prosecutions and deportations, both exact, adding up to `sum`. */
static void add_outcomes(rng *r, period *p, int64_t sum)
{
    int64_t prosecuted = between(r, 0, sum / 8);
    char value[32];
    write_count(r, value, sizeof value, prosecuted);
    add_part(p, PROSECUTIONS, value);
    write_count(r, value, sizeof value, sum - prosecuted);
    add_part(p, DEPORTED, value);
}

static void write_range(rng *r, char *out, size_t size, int64_t lo, int64_t hi)
{
    char a[32], b[32];
    grouped(a, sizeof a, lo);
    grouped(b, sizeof b, hi);
    snprintf(out, size, chance(r, 0.7) ? "%s-%s" : "%s to %s", a, b);
}

/* "1.5 million" (1,450,000 to 1,550,000) for a multiple of 100,000; "2 million"
 * (1,500,000 to 2,500,000) for a whole million when `whole` allows it. */
static void write_millions(char *out, size_t size, int64_t n, bool whole)
{
    if (whole && n % 1000000 == 0)
        snprintf(out, size, "%" PRId64 " million", n / 1000000);
    else
        snprintf(out, size, "%" PRId64 ".%" PRId64 " million", n / 1000000, n / 100000 % 10);
}

static int64_t ceil_div(int64_t a, int64_t b)
{
    return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* What a period is built to show. */
typedef enum kind {
    /* consistent: no finding */
    CLEAN_EXACT, CLEAN_HEDGED, CLEAN_NO_OUTCOMES, CLEAN_BREAKDOWN_ONLY, CLEAN_MILLIONS,
    /* one check cannot be confirmed: a note */
    UNSURE_ABOUT_TOTAL,     /* about 3,000 arrests, 2,950 accounted for */
    UNSURE_MORE_THAN,       /* more than 70 prosecuted: perhaps too many */
    UNSURE_RANGE,           /* 2,000-2,300 deported: perhaps too many */
    UNSURE_BOUNDARY,        /* about 3,000 arrests, 2,500 accounted for: perhaps all */
    UNSURE_MILLIONS,        /* 1.5 million in total, 1,460,000 in the breakdown */
    UNSURE_ABOUT_BREAKDOWN, /* about 400 Thais may take the breakdown past the total */
    /* planted: one check fails for certain */
    BAD_BREAKDOWN, BAD_MILLIONS, BAD_UNACCOUNTED, BAD_UNACCOUNTED_RANGE, BAD_EXCEEDED,
    BAD_MORE_THAN, BAD_ABOUT_UNACCOUNTED,
    KIND_COUNT
} kind;

static const struct kind_info {
    int fixed_rows; /* rows besides the breakdown */
    const char *rule, *outcome;
} KINDS[KIND_COUNT] = {
    [CLEAN_EXACT] = {3, NULL, NULL},
    [CLEAN_HEDGED] = {3, NULL, NULL},
    [CLEAN_NO_OUTCOMES] = {1, NULL, NULL},
    [CLEAN_BREAKDOWN_ONLY] = {0, NULL, NULL},
    [CLEAN_MILLIONS] = {1, NULL, NULL},
    [UNSURE_ABOUT_TOTAL] = {3, "outcomes-within-arrests", "unconfirmed"},
    [UNSURE_MORE_THAN] = {3, "outcomes-within-arrests", "unconfirmed"},
    [UNSURE_RANGE] = {3, "outcomes-within-arrests", "unconfirmed"},
    [UNSURE_BOUNDARY] = {3, "outcomes-account-for-arrests", "unconfirmed"},
    [UNSURE_MILLIONS] = {1, "breakdown-within-total", "unconfirmed"},
    [UNSURE_ABOUT_BREAKDOWN] = {3, "breakdown-within-total", "unconfirmed"},
    [BAD_BREAKDOWN] = {3, "breakdown-within-total", "violated"},
    [BAD_MILLIONS] = {1, "breakdown-within-total", "violated"},
    [BAD_UNACCOUNTED] = {3, "outcomes-account-for-arrests", "violated"},
    [BAD_UNACCOUNTED_RANGE] = {3, "outcomes-account-for-arrests", "violated"},
    [BAD_EXCEEDED] = {3, "outcomes-within-arrests", "violated"},
    [BAD_MORE_THAN] = {3, "outcomes-within-arrests", "violated"},
    [BAD_ABOUT_UNACCOUNTED] = {3, "outcomes-account-for-arrests", "violated"},
};

static kind choose_kind(rng *r, double planted, double unconfirmed)
{
    double roll = (double)(next(r) >> 11) / 9007199254740992.0;
    if (roll < planted)
        return (kind)between(r, BAD_BREAKDOWN, BAD_ABOUT_UNACCOUNTED);
    if (roll < planted + unconfirmed)
        return (kind)between(r, UNSURE_ABOUT_TOTAL, UNSURE_ABOUT_BREAKDOWN);
    static const kind clean[] = {
        CLEAN_EXACT, CLEAN_EXACT, CLEAN_EXACT, CLEAN_EXACT, CLEAN_EXACT, CLEAN_EXACT,
        CLEAN_HEDGED, CLEAN_HEDGED, CLEAN_HEDGED, CLEAN_HEDGED,
        CLEAN_NO_OUTCOMES, CLEAN_BREAKDOWN_ONLY, CLEAN_MILLIONS,
    };
    return clean[between(r, 0, sizeof clean / sizeof *clean - 1)];
}

/* A total written "about R" with R = d x 10^e: one significant digit, so "about"
 * reaches half a unit of that digit, [R - 10^e / 2, R + 10^e / 2], more than 5%. */
static int64_t about_total(rng *r, period *p, int64_t *low_end)
{
    int64_t unit = chance(r, 0.8) ? 1000 : 10000;
    int64_t total = between(r, 1, unit == 1000 ? 9 : 5) * unit;
    char number[32], value[48];
    grouped(number, sizeof number, total);
    snprintf(value, sizeof value, "%s %s", PICK(r, ABOUT_WORDS), number);
    add_part(p, TOTAL, value);
    *low_end = total - unit / 2;
    return total;
}

/* Fills `p` with the figures of kind `k`, `k_rows` of them in the breakdown. */
static void build_period(rng *r, period *p, kind k, int k_rows)
{
    int64_t lo, hi, total, low_end;
    char value[48];
    switch (k) {
    case CLEAN_EXACT:
    case CLEAN_HEDGED:
    case CLEAN_NO_OUTCOMES:
    case UNSURE_ABOUT_BREAKDOWN:
    case UNSURE_MORE_THAN:
    case UNSURE_RANGE:
    case BAD_BREAKDOWN:
    case BAD_UNACCOUNTED:
    case BAD_UNACCOUNTED_RANGE:
    case BAD_EXCEEDED:
    case BAD_MORE_THAN: {
        double hedged = k == CLEAN_HEDGED || k == CLEAN_NO_OUTCOMES ? 0.4
                        : k == BAD_BREAKDOWN ? 0.2 : 0.0;
        add_breakdown(r, p, k_rows, between(r, 100 + k_rows, 5000), hedged,
                      k == UNSURE_ABOUT_BREAKDOWN, &lo, &hi);
        if (k == BAD_BREAKDOWN)
            total = floor_div(lo - 1, HUNDREDTHS) - between(r, 0, lo / HUNDREDTHS / 10);
        else if (k == UNSURE_ABOUT_BREAKDOWN)
            total = between(r, ceil_div(lo, HUNDREDTHS), ceil_div(hi, HUNDREDTHS) - 1);
        else
            total = ceil_div(hi, HUNDREDTHS) + between(r, 0, 300);
        if (total < 1)
            total = 1;
        add_exact_total(r, p, total);
        int64_t gap = between(r, 1, total / 20 + 1);
        switch (k) {
        case CLEAN_NO_OUTCOMES:
            break;
        case BAD_UNACCOUNTED:
            add_outcomes(r, p, total - gap);
            break;
        case BAD_EXCEEDED:
            add_outcomes(r, p, total + gap);
            break;
        case UNSURE_MORE_THAN:
        case BAD_MORE_THAN: {
            /* More than P prosecuted and D deported: P + D < total leaves room;
             * P + D == total is too many, since more than P were prosecuted. */
            int64_t sum = k == BAD_MORE_THAN ? total : total - gap;
            int64_t prosecuted = between(r, sum > 0 ? 1 : 0, sum / 8 > 1 ? sum / 8 : sum);
            char number[32];
            grouped(number, sizeof number, prosecuted);
            snprintf(value, sizeof value, "%s %s", PICK(r, MORE_WORDS), number);
            add_part(p, PROSECUTIONS, value);
            write_count(r, value, sizeof value, sum - prosecuted);
            add_part(p, DEPORTED, value);
            break;
        }
        case UNSURE_RANGE:
        case BAD_UNACCOUNTED_RANGE: {
            /* p + [a, b]: with p + a <= total < p + b it may add up; with p + b <
             * total some arrests are unaccounted for. */
            int64_t prosecuted = between(r, 0, total / 8);
            int64_t width = between(r, 1, total / 5 + 1), a;
            if (k == UNSURE_RANGE)
                a = total - prosecuted - between(r, 0, width - 1);
            else
                a = total - prosecuted - gap - width;
            if (a < 0) {
                width += a;
                a = 0;
            }
            write_count(r, value, sizeof value, prosecuted);
            add_part(p, PROSECUTIONS, value);
            write_range(r, value, sizeof value, a, a + width);
            add_part(p, DEPORTED, value);
            break;
        }
        default:
            add_outcomes(r, p, total);
            break;
        }
        break;
    }
    case CLEAN_BREAKDOWN_ONLY:
        add_breakdown(r, p, k_rows, between(r, 100 + k_rows, 5000), 0.3, false, &lo, &hi);
        break;
    case CLEAN_MILLIONS:
    case UNSURE_MILLIONS:
    case BAD_MILLIONS: {
        add_breakdown(r, p, k_rows, between(r, 800000, 9000000), 0.0, false, &lo, &hi);
        int64_t sum = lo / HUNDREDTHS;
        if (k == CLEAN_MILLIONS) {
            /* sum <= M - 50,000 */
            total = ceil_div(sum + 50000, 100000) * 100000;
            if (total % 1000000 == 0)
                total += 100000;
        } else if (k == UNSURE_MILLIONS) {
            /* M - 50,000 < sum <= M + 50,000 */
            total = sum / 100000 * 100000;
            if (sum % 100000 > 50000)
                total += 100000;
        } else {
            /* sum > M + 50,000 */
            total = (sum - 50001) / 100000 * 100000;
            if (total % 1000000 == 0)
                total -= 100000;
        }
        /* A whole million reads "2 million", 1.5 to 2.5 million: still unconfirmable. */
        write_millions(value, sizeof value, total, k == UNSURE_MILLIONS);
        add_part(p, TOTAL, value);
        break;
    }
    case UNSURE_ABOUT_TOTAL:
    case UNSURE_BOUNDARY:
    case BAD_ABOUT_UNACCOUNTED: {
        total = about_total(r, p, &low_end);
        add_breakdown(r, p, k_rows, between(r, low_end / 3, low_end), 0.0, false, &lo, &hi);
        int64_t high_end = 2 * total - low_end;
        if (k == UNSURE_ABOUT_TOTAL)
            add_outcomes(r, p, between(r, low_end + 1, high_end));
        else if (k == UNSURE_BOUNDARY)
            add_outcomes(r, p, low_end);
        else
            add_outcomes(r, p, low_end - between(r, 1, low_end / 10 + 1));
        break;
    }
    case KIND_COUNT:
        break;
    }
}

/* Figures of a period that no rule reads, in the forms the rules never see. */
static void add_fillers(rng *r, period *p, int count)
{
    static const char *const WHAT[MAX_FILLERS][2] = {
        {"raids", "locations"}, {"operations", "count"}, {"victims", "rescued"},
        {"arrests", "share_foreign"}, {"victims", "trafficked"}, {"compounds", "closed"},
        {"losses", "usd"},
    };
    for (int i = 0; i < count; i++) {
        row *w = add_row(p);
        snprintf(w->key, sizeof w->key, "%s.%s.%s", WHAT[i][0], p->name, WHAT[i][1]);
        char number[32];
        switch (i) {
        case 0:
            snprintf(w->value, sizeof w->value, "%" PRId64, between(r, 2, 90));
            set_quote(w, "raids in ", " locations");
            break;
        case 1:
            snprintf(w->value, sizeof w->value, "%" PRId64, between(r, 2, 40));
            set_quote(w, "involving ", " alleged scam operations");
            break;
        case 2:
            grouped(number, sizeof number, between(r, 1, 40) * 100);
            snprintf(w->value, sizeof w->value, "about %s", number);
            set_quote(w, "", " victims were rescued");
            break;
        case 3: {
            /* Drawn one after the other: the order of a call's arguments is the
             * compiler's, and the table must not depend on it. */
            bool percent_sign = chance(r, 0.7);
            int64_t share = between(r, 1, 99);
            snprintf(w->value, sizeof w->value,
                     percent_sign ? "%" PRId64 "%%" : "%" PRId64 " percent", share);
            set_quote(w, "", " of those held were foreigners");
            break;
        }
        case 4:
            snprintf(w->value, sizeof w->value, "more than %" PRId64, between(r, 2, 90) * 10);
            set_quote(w, "", " people had been trafficked");
            break;
        case 5: {
            int64_t a = between(r, 2, 40);
            write_range(r, w->value, sizeof w->value, a, a + between(r, 1, 10));
            set_quote(w, "", " compounds were closed");
            break;
        }
        default:
            write_millions(w->value, sizeof w->value, between(r, 1, 99) * 100000, false);
            set_quote(w, "losses put at ", " dollars");
            break;
        }
    }
}

/* ---- output ---- */

static void write_field(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *c = text; *c; c++) {
        if (*c == '"')
            fputc('"', out);
        fputc(*c, out);
    }
    fputc('"', out);
}

typedef struct totals {
    uint64_t rows, periods, planted, unconfirmed;
} totals;

static void write_document(rng *r, FILE *out, FILE *expected, const char *doc, int64_t rows,
                           double planted, double unconfirmed, totals *sums)
{
    int64_t period_count = (rows + PERIOD_ROWS - 1) / PERIOD_ROWS;
    const char *names[PERIOD_NAME_COUNT];
    for (int i = 0; i < PERIOD_NAME_COUNT; i++)
        names[i] = PERIOD_NAMES[i];
    char spare_name[24];
    uint32_t line = 1;
    for (int64_t i = 0; i < period_count; i++) {
        period p = {.count = 0};
        if (i < PERIOD_NAME_COUNT) {
            int j = (int)between(r, i, PERIOD_NAME_COUNT - 1);
            const char *swap = names[i];
            names[i] = names[j];
            names[j] = swap;
            p.name = names[i];
        } else {
            snprintf(spare_name, sizeof spare_name, "part-%" PRId64, i);
            p.name = spare_name;
        }
        int64_t budget = (i + 1) * rows / period_count - i * rows / period_count;
        kind k = choose_kind(r, planted, unconfirmed);
        if (budget < KINDS[k].fixed_rows + 2)
            k = CLEAN_BREAKDOWN_ONLY;
        int fillers = 0, breakdown = 0;
        if (budget >= 2) {
            int room = (int)budget - KINDS[k].fixed_rows - 2;
            fillers = (int)between(r, 0, room < MAX_FILLERS ? room : MAX_FILLERS);
            breakdown = (int)budget - KINDS[k].fixed_rows - fillers;
            if (breakdown > MAX_NATIONALITIES) {
                fillers += breakdown - MAX_NATIONALITIES;
                breakdown = MAX_NATIONALITIES;
            }
            build_period(r, &p, k, breakdown);
        } else {
            fillers = (int)budget;
        }
        add_fillers(r, &p, fillers);
        for (size_t w = 0; w < p.count; w++) {
            const row *f = &p.rows[w];
            line += (uint32_t)between(r, 0, 2);
            fputs(doc, out);
            fputc(',', out);
            fputs(f->key, out);
            fputc(',', out);
            write_field(out, f->value);
            fprintf(out, ",%" PRIu32 ",%" PRId64 ",", line, between(r, 1, 90));
            write_field(out, f->quote);
            fputc('\n', out);
        }
        sums->rows += p.count;
        sums->periods++;
        if (KINDS[k].rule) {
            fprintf(expected, "%s,%s,%s,%s\n", doc, KINDS[k].rule, p.name, KINDS[k].outcome);
            if (strcmp(KINDS[k].outcome, "violated") == 0)
                sums->planted++;
            else
                sums->unconfirmed++;
        }
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: gen_figures --rows N --docs N --out FILE --expected FILE "
                    "[--seed N] [--planted RATE] [--unconfirmed RATE]\n");
}

int main(int argc, char **argv)
{
    int64_t rows = 0, docs = 0;
    uint64_t seed = 2025;
    double planted = 0.04, unconfirmed = 0.06;
    const char *out_path = NULL, *expected_path = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *option = argv[i], *value = argv[i + 1];
        if (strcmp(option, "--rows") == 0)
            rows = strtoll(value, NULL, 10);
        else if (strcmp(option, "--docs") == 0)
            docs = strtoll(value, NULL, 10);
        else if (strcmp(option, "--seed") == 0)
            seed = strtoull(value, NULL, 10);
        else if (strcmp(option, "--planted") == 0)
            planted = strtod(value, NULL);
        else if (strcmp(option, "--unconfirmed") == 0)
            unconfirmed = strtod(value, NULL);
        else if (strcmp(option, "--out") == 0)
            out_path = value;
        else if (strcmp(option, "--expected") == 0)
            expected_path = value;
        else {
            usage();
            return 2;
        }
    }
    if (argc % 2 == 0 || docs < 1 || rows < docs || !out_path || !expected_path ||
        planted < 0 || unconfirmed < 0 || planted + unconfirmed > 1) {
        usage();
        return 2;
    }
    FILE *out = fopen(out_path, "w"), *expected = fopen(expected_path, "w");
    if (!out || !expected) {
        perror("gen_figures: cannot write the table or the expected findings");
        return 2;
    }
    static char out_buffer[1 << 20];
    setvbuf(out, out_buffer, _IOFBF, sizeof out_buffer);
    fputs("doc,key,value,line,col,quote\n", out);
    fputs("doc,rule,binding,outcome\n", expected);
    rng r = {seed};
    totals sums = {0};
    char doc[32];
    for (int64_t d = 0; d < docs; d++) {
        snprintf(doc, sizeof doc, "d%07" PRId64 ".txt", d);
        int64_t share = (d + 1) * rows / docs - d * rows / docs;
        write_document(&r, out, expected, doc, share, planted, unconfirmed, &sums);
    }
    bool failed = ferror(out) || ferror(expected);
    failed = (fclose(out) != 0) || failed;
    failed = (fclose(expected) != 0) || failed;
    if (failed) {
        perror("gen_figures: writing failed");
        return 1;
    }
    fprintf(stderr, "gen_figures: %" PRIu64 " rows, %" PRId64 " documents, %" PRIu64
            " periods, %" PRIu64 " planted, %" PRIu64 " unconfirmable\n",
            sums.rows, docs, sums.periods, sums.planted, sums.unconfirmed);
    return 0;
}
