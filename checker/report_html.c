/*
 * The review page for editors: one self-contained HTML file (inline style and script,
 * and a content security policy that forbids any request). Findings come grouped by
 * document, above the article with the flagged spans highlighted and linked both
 * ways; filters by severity, rule and decision; per finding a decision and a comment
 * that the browser keeps (localStorage, key "factlint.reviews.v1", by fingerprint);
 * "Export reviews" downloads them as the baseline CSV that --baseline reads.
 *
 * Data only ever lands in HTML text and attributes, escaped; the script is a
 * constant that reads it from data-* attributes, so nothing from the inputs can
 * become code.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "utf8.h"

static const char *const style[] = {
    ":root{--error:#b3261e;--warning:#8a5300;--note:#1f5fa8;--line:#d0d4da;--muted:#555c66;",
    "--error-bg:#fde7e5;--warning-bg:#fff1c2;--note-bg:#e3eefc}\n",
    "*{box-sizing:border-box}\n",
    "body{margin:0;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;",
    "color:#1b1f24;background:#f6f7f9;display:flex;flex-direction:column}\n",
    "header.bar{order:0;position:sticky;top:0;z-index:2;background:#fff;",
    "border-bottom:1px solid var(--line);padding:.6rem 1.2rem}\n",
    "header.bar h1{font-size:1.15rem;margin:0 0 .4rem}\n",
    ".controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end;margin:0}\n",
    ".controls label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}\n",
    "select,input,textarea,button{font:inherit;font-size:.9rem;border:1px solid #8a919c;",
    "border-radius:4px;padding:.2rem .4rem;background:#fff;color:inherit}\n",
    "button{cursor:pointer;background:#1b1f24;color:#fff;border-color:#1b1f24;",
    "padding:.3rem .8rem}\n",
    "button:hover{background:#3a414b}\n",
    ":focus-visible{outline:3px solid #2d6fd2;outline-offset:2px}\n",
    "#summary{order:1;padding:.6rem 1.2rem 0;margin:0}\n",
    "#summary p{margin:0}\n",
    "main{order:2;padding:0 1.2rem 2rem;max-width:72rem;width:100%}\n",
    "section.document{background:#fff;border:1px solid var(--line);border-radius:6px;",
    "margin:1rem 0;padding:.4rem 1rem 1rem}\n",
    "section.document h2{font-size:1.05rem;margin:.4rem 0;word-break:break-all}\n",
    "ol.findings{list-style:none;margin:0;padding:0}\n",
    "li.finding{border-left:4px solid var(--note);padding:.4rem .8rem;margin:.6rem 0;",
    "background:#fafbfc}\n",
    "li.finding.error{border-color:var(--error)}li.finding.warning{border-color:var(--warning)}\n",
    "li.finding.suppressed{opacity:.75}\n",
    "li.finding:target{box-shadow:0 0 0 3px #2d6fd2}\n",
    ".head{margin:0;font-size:.85rem;color:var(--muted);display:flex;flex-wrap:wrap;",
    "gap:.2rem .6rem}\n",
    ".severity{font-weight:700;text-transform:uppercase;font-size:.75rem;letter-spacing:.04em}\n",
    ".error .severity{color:var(--error)}.warning .severity{color:var(--warning)}",
    ".note .severity{color:var(--note)}\n",
    ".message{margin:.2rem 0;font-size:1rem}\n",
    ".prior{margin:.2rem 0;font-size:.85rem;color:var(--muted)}\n",
    ".review{display:flex;flex-wrap:wrap;gap:.4rem 1rem;align-items:start}\n",
    ".review label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}\n",
    ".review textarea{width:min(36rem,80vw);min-height:2.2rem}\n",
    ".decision-text{display:none}\n",
    ".badge{font-size:.75rem;border:1px solid var(--line);border-radius:3px;padding:0 .3rem}\n",
    "h3{font-size:.9rem;margin:1rem 0 .3rem;color:var(--muted)}\n",
    ".text{font:16px/1.65 Georgia,'DejaVu Serif',serif;border:1px solid ",
    "var(--line);border-radius:4px;background:#fff;max-height:32rem;overflow:auto}\n",
    ".line{display:flex}\n",
    ".ln{flex:0 0 3.2rem;text-align:right;padding-right:.6rem;color:#8a919c;user-select:none;",
    "border-right:1px solid var(--line)}\n",
    ".lt{padding-left:.6rem;white-space:pre-wrap;word-break:break-word;min-width:0}\n",
    "mark{background:var(--note-bg);border-bottom:2px solid var(--note);color:inherit}\n",
    "mark.error{background:var(--error-bg);border-color:var(--error)}\n",
    "mark.warning{background:var(--warning-bg);border-color:var(--warning)}\n",
    "mark.related{background:transparent;border-bottom-style:dashed}\n",
    "mark a{color:inherit;text-decoration:none}\n",
    "mark.hidden{background:none;border:0}\n",
    ".empty{color:var(--muted)}\n",
    "[hidden]{display:none!important}\n",
    "@media print{header.bar .controls,.review{display:none}header.bar{position:static}",
    "body{background:#fff}.text{max-height:none;overflow:visible}",
    "li.finding,.line{break-inside:avoid}.decision-text{display:block}",
    "section.document{border:0;padding:0}a{color:inherit;text-decoration:none}}\n",
    NULL,
};

static const char *const script[] = {
    "(function () {\n",
    "  'use strict';\n",
    "  var KEY = 'factlint.reviews.v1', REVIEWER = 'factlint.reviewer';\n",
    "  var LABELS = {'accepted': 'accepted', 'false-positive': 'false positive',\n",
    "                'to-fix': 'to fix'};\n",
    "  function load(key, fallback) {\n",
    "    try {\n",
    "      var value = JSON.parse(localStorage.getItem(key));\n",
    "      return value == null ? fallback : value;\n",
    "    } catch (e) { return fallback; }\n",
    "  }\n",
    "  function save(key, value) {\n",
    "    try { localStorage.setItem(key, JSON.stringify(value)); }\n",
    "    catch (e) { /* storage off, as in some private windows: decisions last a visit */ }\n",
    "  }\n",
    "  var reviews = load(KEY, {});\n",
    "  var reviewer = document.getElementById('reviewer');\n",
    "  reviewer.value = load(REVIEWER, '');\n",
    "  reviewer.addEventListener('input', function () { save(REVIEWER, reviewer.value); });\n",
    "  var findings = Array.prototype.slice.call(document.querySelectorAll('li.finding'));\n",
    "  function review(li) {\n",
    "    var own = reviews[li.dataset.fingerprint];\n",
    "    if (own) return own;\n",
    "    return {status: li.dataset.priorStatus || '', comment: li.dataset.priorComment || '',\n",
    "            reviewer: li.dataset.priorReviewer || ''};\n",
    "  }\n",
    "  function show(li) {\n",
    "    var r = review(li);\n",
    "    li.dataset.decision = r.status || 'undecided';\n",
    "    li.querySelector('.decision-text').textContent =\n",
    "      r.status ? 'Decision: ' + LABELS[r.status] +\n",
    "                 (r.comment ? ' (' + r.comment + ')' : '')\n",
    "               : 'Decision: none yet';\n",
    "  }\n",
    "  findings.forEach(function (li) {\n",
    "    var select = li.querySelector('select.decision');\n",
    "    var comment = li.querySelector('textarea.comment');\n",
    "    var r = review(li);\n",
    "    select.value = r.status;\n",
    "    comment.value = r.comment;\n",
    "    function store() {\n",
    "      reviews[li.dataset.fingerprint] = {status: select.value, comment: comment.value,\n",
    "                                         reviewer: reviewer.value};\n",
    "      save(KEY, reviews);\n",
    "      show(li);\n",
    "      filter();\n",
    "    }\n",
    "    select.addEventListener('change', store);\n",
    "    comment.addEventListener('change', store);\n",
    "    show(li);\n",
    "  });\n",
    "  var severity = document.getElementById('filter-severity');\n",
    "  var rule = document.getElementById('filter-rule');\n",
    "  var decision = document.getElementById('filter-decision');\n",
    "  Array.prototype.slice.call(rule.options).forEach(function (option) {\n",
    "    if (option.value && !findings.some(function (li) {\n",
    "      return li.dataset.rule === option.value; })) option.remove();\n",
    "  });\n",
    "  function filter() {\n",
    "    var shown = 0;\n",
    "    findings.forEach(function (li) {\n",
    "      var visible = (!severity.value || li.dataset.severity === severity.value) &&\n",
    "                    (!rule.value || li.dataset.rule === rule.value) &&\n",
    "                    (!decision.value || li.dataset.decision === decision.value);\n",
    "      li.hidden = !visible;\n",
    "      shown += visible ? 1 : 0;\n",
    "      document.querySelectorAll('mark[data-finding=\"' + li.id + '\"]').forEach(\n",
    "        function (mark) { mark.classList.toggle('hidden', !visible); });\n",
    "    });\n",
    "    document.querySelectorAll('section.document').forEach(function (section) {\n",
    "      var any = section.querySelector('li.finding:not([hidden])');\n",
    "      section.hidden = !any && section.querySelector('li.finding') !== null;\n",
    "    });\n",
    "    document.getElementById('shown').textContent =\n",
    "      shown + ' of ' + findings.length + ' findings shown';\n",
    "  }\n",
    "  [severity, rule, decision].forEach(function (select) {\n",
    "    select.addEventListener('change', filter);\n",
    "  });\n",
    "  filter();\n",
    "  function field(text) {\n",
    "    text = text || '';\n",
    "    if (!/[\",\\r\\n]|^ | $/.test(text)) return text;\n",
    "    return '\"' + text.replace(/\"/g, '\"\"') + '\"';\n",
    "  }\n",
    "  function row(values) { return values.map(field).join(',') + '\\n'; }\n",
    "  document.getElementById('export').addEventListener('click', function () {\n",
    "    var csv = row(['fingerprint', 'rule', 'doc', 'status', 'reviewer', 'comment']);\n",
    "    var written = {};\n",
    "    findings.forEach(function (li) {\n",
    "      var r = review(li), fp = li.dataset.fingerprint;\n",
    "      if (!r.status || written[fp]) return;\n",
    "      written[fp] = true;\n",
    "      csv += row([fp, li.dataset.rule, li.dataset.doc, r.status, r.reviewer, r.comment]);\n",
    "    });\n",
    "    document.querySelectorAll('#carried li').forEach(function (li) {\n",
    "      var d = li.dataset;\n",
    "      if (written[d.fingerprint]) return;\n",
    "      csv += row([d.fingerprint, d.rule, d.doc, d.status, d.reviewer, d.comment]);\n",
    "    });\n",
    "    var link = document.createElement('a');\n",
    "    link.href = URL.createObjectURL(new Blob([csv], {type: 'text/csv'}));\n",
    "    link.download = 'factlint-baseline.csv';\n",
    "    document.body.appendChild(link);\n",
    "    link.click();\n",
    "    link.remove();\n",
    "    document.getElementById('export-status').textContent =\n",
    "      'Saved ' + Object.keys(written).length + ' reviews to factlint-baseline.csv';\n",
    "  });\n",
    "})();\n",
    NULL,
};

static void write_lines(FILE *out, const char *const *lines)
{
    for (; *lines; lines++)
        fputs(*lines, out);
}

/* A highlighted span of the article: a finding's own place, or one of its related
 * places. */
typedef struct span {
    uint32_t line, column, length;
    size_t finding; /* page-wide number of the finding */
    fl_severity severity;
    bool related;
} span;

typedef struct html_state {
    size_t documents, findings; /* numbered across the page, for ids */
    span *spans;
    size_t span_count, span_capacity;
} html_state;

static void release_state(void *state)
{
    html_state *s = state;
    free(s->spans);
    free(s);
}

static void attribute(FILE *out, const char *name, const char *value)
{
    fprintf(out, " %s=\"", name);
    fl_markup_text(out, value);
    fputc('"', out);
}

static void html_begin(fl_report_writer *writer)
{
    FILE *out = writer->options.out;
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
            "<meta name=\"generator\" content=\"factlint %s\">\n"
            "<title>factlint review</title>\n<style>\n",
            FACTLINT_VERSION);
    write_lines(out, style);
    fputs("</style>\n</head>\n<body>\n"
            "<header class=\"bar\">\n<h1>factlint review</h1>\n"
            "<form class=\"controls\" aria-label=\"Filters and reviews\">\n"
            "<label>Severity <select id=\"filter-severity\"><option value=\"\">all</option>"
            "<option value=\"error\">error</option><option value=\"warning\">warning</option>"
            "<option value=\"note\">note</option></select></label>\n"
            "<label>Rule <select id=\"filter-rule\"><option value=\"\">all</option>", out);
    for (size_t i = 0; i < writer->rule_count; i++) {
        if (writer->rules[i].names_block)
            continue;
        fputs("<option", out);
        attribute(out, "value", writer->rules[i].id);
        fputc('>', out);
        fl_markup_text(out, writer->rules[i].id);
        fputs("</option>", out);
    }
    fputs("</select></label>\n"
          "<label>Decision <select id=\"filter-decision\"><option value=\"\">all</option>"
          "<option value=\"undecided\">undecided</option>"
          "<option value=\"accepted\">accepted</option>"
          "<option value=\"false-positive\">false positive</option>"
          "<option value=\"to-fix\">to fix</option></select></label>\n"
          "<label>Reviewer <input id=\"reviewer\" type=\"text\" autocomplete=\"name\" "
          "size=\"14\"></label>\n"
          "<button type=\"button\" id=\"export\">Export reviews</button>\n"
          "<span id=\"shown\" role=\"status\"></span>\n"
          "<span id=\"export-status\" role=\"status\"></span>\n"
          "</form>\n</header>\n<main>\n", out);
}

static void add_span(html_state *s, const fl_location *location, size_t finding,
                     fl_severity severity, bool related)
{
    s->spans = fl_xgrow(s->spans, &s->span_capacity, s->span_count + 1, sizeof *s->spans);
    s->spans[s->span_count++] = (span){location->line, location->column,
                                       location->length ? location->length : 1, finding,
                                       severity, related};
}

static int compare_spans(const void *left, const void *right)
{
    const span *a = left, *b = right;
    if (a->line != b->line)
        return a->line < b->line ? -1 : 1;
    if (a->column != b->column)
        return a->column < b->column ? -1 : 1;
    if (a->related != b->related)
        return a->related ? 1 : -1;
    return a->finding < b->finding ? -1 : a->finding > b->finding;
}

static bool in_text(const fl_document *document, const fl_location *location)
{
    return document->has_text && location->file && location->line && location->column &&
           strcmp(location->file, document->path) == 0 && location->line <= document->line_count;
}

static void write_location_text(FILE *out, const fl_location *location, const char *doc)
{
    fl_markup_text(out, location->file ? location->file : doc);
    if (location->line)
        fprintf(out, ":%u", (unsigned)location->line);
    if (location->line && location->column)
        fprintf(out, ":%u", (unsigned)location->column);
}

static void write_finding(fl_report_writer *writer, const fl_document *document,
                          const fl_finding *f, size_t number)
{
    FILE *out = writer->options.out;
    const char *severity = fl_severity_name(f->severity);
    fprintf(out, "<li class=\"finding %s%s\" id=\"f-%zu\"", severity,
            f->suppression != FL_SUPPRESSION_NONE ? " suppressed" : "", number);
    attribute(out, "data-fingerprint", f->fingerprint);
    attribute(out, "data-rule", f->rule);
    attribute(out, "data-severity", severity);
    attribute(out, "data-doc", document->identity);
    const fl_baseline_entry *prior =
        writer->options.baseline ? fl_baseline_find(writer->options.baseline, f->fingerprint)
                                 : NULL;
    if (prior) {
        attribute(out, "data-prior-status", fl_review_status_name(prior->status));
        attribute(out, "data-prior-reviewer", prior->reviewer);
        attribute(out, "data-prior-comment", prior->comment);
    }
    fprintf(out, ">\n<p class=\"head\"><span class=\"severity\">%s</span> ", severity);
    if (in_text(document, &f->location))
        fprintf(out, "<a href=\"#m-%zu\">", number);
    write_location_text(out, &f->location, f->doc);
    fputs(in_text(document, &f->location) ? "</a> <code>" : " <code>", out);
    fl_markup_text(out, f->rule);
    fputs("</code>", out);
    if (f->suppression == FL_SUPPRESSION_BASELINE)
        fputs(" <span class=\"badge\">suppressed by the baseline</span>", out);
    else if (f->suppression == FL_SUPPRESSION_ACCEPTED)
        fputs(" <span class=\"badge\">accepted in the inputs</span>", out);
    fputs("</p>\n<p class=\"message\">", out);
    fl_markup_text(out, f->message);
    fputs("</p>\n", out);
    if (prior) {
        fprintf(out, "<p class=\"prior\">In the baseline: %s",
                fl_review_status_name(prior->status));
        if (*prior->reviewer) {
            fputs(" by ", out);
            fl_markup_text(out, prior->reviewer);
        }
        if (*prior->comment) {
            fputs(" — ", out);
            fl_markup_text(out, prior->comment);
        }
        fputs("</p>\n", out);
    } else if (f->justification) {
        fputs("<p class=\"prior\">", out);
        fl_markup_text(out, f->justification);
        fputs("</p>\n", out);
    }
    fputs("<p class=\"decision-text\"></p>\n<div class=\"review\">"
          "<label>Decision <select class=\"decision\"><option value=\"\">undecided</option>"
          "<option value=\"accepted\">accepted</option>"
          "<option value=\"false-positive\">false positive</option>"
          "<option value=\"to-fix\">to fix</option></select></label>"
          "<label>Comment <textarea class=\"comment\" rows=\"1\"></textarea></label>"
          "</div>\n</li>\n", out);
}

/* The article, a line a row, with the spans (sorted) marked. Overlapping spans
 * are left unmarked: their findings still link to the line. */
static void write_article(fl_report_writer *writer, const fl_document *document, size_t number)
{
    html_state *s = writer->state;
    FILE *out = writer->options.out;
    if (s->span_count > 1)
        qsort(s->spans, s->span_count, sizeof *s->spans, compare_spans);
    fprintf(out, "<h3 id=\"d-%zu-text\">Article</h3>\n<div class=\"text\">\n", number);
    size_t next = 0;
    for (uint32_t line = 1; line <= document->line_count; line++) {
        const char *text;
        size_t length;
        fl_document_line(document, line, &text, &length);
        fprintf(out, "<div class=\"line\" id=\"d-%zu-l%u\"><span class=\"ln\">%u</span>"
                     "<span class=\"lt\">", number, (unsigned)line, (unsigned)line);
        size_t at = 0;       /* bytes of the line written */
        uint32_t column = 1; /* the character at `at` */
        for (; next < s->span_count && s->spans[next].line == line; next++) {
            const span *m = &s->spans[next];
            if (m->column < column)
                continue;
            size_t start = at + fl_utf8_offset_of(text + at, length - at, m->column - column);
            size_t end = start + fl_utf8_offset_of(text + start, length - start, m->length);
            if (start >= length)
                continue;
            fl_markup_text_n(out, text + at, start - at);
            fprintf(out, "<mark class=\"%s%s\" data-finding=\"f-%zu\"",
                    fl_severity_name(m->severity), m->related ? " related" : "", m->finding);
            if (!m->related)
                fprintf(out, " id=\"m-%zu\"", m->finding);
            fprintf(out, "><a href=\"#f-%zu\">", m->finding);
            fl_markup_text_n(out, text + start, end - start);
            fputs("</a></mark>", out);
            column = m->column + m->length;
            at = end;
        }
        fl_markup_text_n(out, text + at, length - at);
        fputs("</span></div>\n", out);
    }
    fputs("</div>\n", out);
}

static void html_document(fl_report_writer *writer, const fl_document *document,
                          const fl_finding *findings, size_t count)
{
    html_state *s = writer->state;
    FILE *out = writer->options.out;
    size_t number = ++s->documents;
    fprintf(out, "<section class=\"document\" id=\"d-%zu\">\n<h2>", number);
    fl_markup_text(out, document->path);
    fputs("</h2>\n", out);
    s->span_count = 0;
    if (count) {
        fputs("<ol class=\"findings\">\n", out);
        for (size_t i = 0; i < count; i++) {
            const fl_finding *f = &findings[i];
            size_t finding = ++s->findings;
            write_finding(writer, document, f, finding);
            if (in_text(document, &f->location))
                add_span(s, &f->location, finding, f->severity, false);
            for (size_t r = 0; r < f->related_count; r++)
                if (in_text(document, &f->related[r]))
                    add_span(s, &f->related[r], finding, f->severity, true);
        }
        fputs("</ol>\n", out);
    } else {
        fputs("<p class=\"empty\">No findings.</p>\n", out);
    }
    if (document->has_text && document->line_count)
        write_article(writer, document, number);
    fputs("</section>\n", out);
}

static void html_end(fl_report_writer *writer, const fl_report_summary *summary)
{
    FILE *out = writer->options.out;
    html_state *s = writer->state;
    if (!s->documents)
        fputs("<p class=\"empty\">Nothing was checked.</p>\n", out);
    fputs("</main>\n<section id=\"summary\" aria-label=\"Summary\"><p>", out);
    fl_buffer_clear(&writer->scratch);
    fl_report_summary_text(summary, &writer->scratch);
    fl_markup_text(out, fl_buffer_cstr(&writer->scratch));
    fputs("</p></section>\n<ul id=\"carried\" hidden>\n", out);
    const fl_baseline *baseline = writer->options.baseline;
    for (size_t i = 0; baseline && i < baseline->count; i++) {
        const fl_baseline_entry *entry = &baseline->entries[i];
        if (!fl_baseline_entry_carried(baseline, entry))
            continue;
        fputs("<li", out);
        attribute(out, "data-fingerprint", entry->fingerprint);
        attribute(out, "data-rule", entry->rule);
        attribute(out, "data-doc", entry->doc);
        attribute(out, "data-status", fl_review_status_name(entry->status));
        attribute(out, "data-reviewer", entry->reviewer);
        attribute(out, "data-comment", entry->comment);
        fputs("></li>\n", out);
    }
    fputs("</ul>\n<script>\n", out);
    write_lines(out, script);
    fputs("</script>\n</body>\n</html>\n", out);
}

void fl_report_html_init(fl_report_writer *writer)
{
    writer->state = fl_xcalloc(1, sizeof(html_state));
    writer->release_state = release_state;
    writer->begin = html_begin;
    writer->document = html_document;
    writer->end = html_end;
}
