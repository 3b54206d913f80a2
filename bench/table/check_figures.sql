-- The three checks of bench/table/arrests.rules in sqlite3: the whole figures table
-- is imported as text (sqlite's own CSV reader), its values are read in SQL and the
-- checks are GROUP BY queries over intervals.
--
-- usage: sqlite3 -cmd ".import --csv FIGURES.csv figures" :memory: < check_figures.sql
--
-- Prints one line per finding, doc,rule,binding,outcome, like check_figures.py.
-- Numbers are intervals in hundredths, as integers: lo, lo_open, hi (NULL for no
-- upper end), hi_open. Only the figures the checks read are read (arrests.<p>.total,
-- .prosecutions, .deported, .by_nationality.<x>), and only in the forms gen_figures
-- writes: counts ("2,418"), "about/around/roughly N", "nearly/almost N" and "more
-- than/over N" of a count, "1.5 million" and "2 million" (rounded at the last digit
-- shown), and ranges "A-B", "A to B" of counts. Any other value is printed as an
-- input/value finding. Each step is MATERIALIZED: sqlite otherwise inlines the steps
-- and reads each value again wherever a later step names it, which took minutes.

.bail on
.mode list
.separator , "\n"
-- The imported table lives in memory: so do the steps built from it.
PRAGMA temp_store = MEMORY;

CREATE TEMP TABLE figure AS
WITH keyed AS MATERIALIZED (
    SELECT doc, trim(value) AS text, substr(key, 9) AS tail
    FROM figures WHERE key GLOB 'arrests.*.*'
), split AS MATERIALIZED (
    SELECT doc, text, substr(tail, 1, dot - 1) AS period, substr(tail, dot + 1) AS rest
    FROM (SELECT *, instr(tail, '.') AS dot FROM keyed)
), wanted AS MATERIALIZED (
    -- The figures the checks read, and the form each value is written in.
    SELECT doc, period, text,
           CASE
               WHEN rest IN ('total', 'prosecutions', 'deported') THEN rest
               WHEN rest GLOB 'by_nationality.?*' AND NOT rest GLOB 'by_nationality.*.*'
                   THEN 'nationality'
           END AS part,
           CASE
               WHEN NOT text GLOB '*[^0-9,]*' THEN 'count'
               WHEN text GLOB 'about *' OR text GLOB 'around *' OR text GLOB 'roughly *'
                   THEN 'about'
               WHEN text GLOB 'nearly *' OR text GLOB 'almost *' THEN 'nearly'
               WHEN text GLOB 'more than *' OR text GLOB 'over *' THEN 'more-than'
               WHEN text GLOB '?*-*' OR text GLOB '* to *' THEN 'range'
               WHEN text GLOB '* million' THEN 'millions'
           END AS form
    FROM split WHERE part IS NOT NULL
), hedged AS MATERIALIZED (
    SELECT doc, period, part, form,
           replace(CASE WHEN text GLOB 'more than *' THEN substr(text, 11)
                        ELSE substr(text, instr(text, ' ') + 1) END, ',', '') AS digits
    FROM wanted WHERE form IN ('about', 'nearly', 'more-than')
), ranged AS MATERIALIZED (
    SELECT doc, period, part,
           replace(substr(text, 1, cut - 1), ',', '') AS low,
           replace(substr(text, cut + cut_length), ',', '') AS high
    FROM (SELECT *,
                 CASE WHEN text GLOB '* to *' THEN instr(text, ' to ')
                      ELSE instr(substr(text, 2), '-') + 1 END AS cut,
                 CASE WHEN text GLOB '* to *' THEN 4 ELSE 1 END AS cut_length
          FROM wanted WHERE form = 'range')
), millions AS MATERIALIZED (
    SELECT doc, period, part,
           replace(replace(substr(text, 1, length(text) - 8), ',', ''), '.', '') AS digits,
           CASE WHEN text GLOB '*.* million' THEN length(text) - 8 - instr(text, '.') ELSE 0 END
               AS decimals
    FROM wanted WHERE form = 'millions'
), readable AS (
    -- exact counts
    SELECT doc, period, part, replace(text, ',', '') AS digits, 0 AS lo_open, 0 AS hi_open,
           CAST(replace(text, ',', '') AS INTEGER) * 100 AS lo,
           CAST(replace(text, ',', '') AS INTEGER) * 100 AS hi
    FROM wanted WHERE form = 'count'
    UNION ALL
    -- about N: N +- the larger of half the place value of its last non-zero digit
    -- and 5%; nearly N: the same below N only; more than N: (N, no end)
    SELECT doc, period, part, digits, form = 'more-than', form = 'more-than',
           CASE form WHEN 'more-than' THEN n ELSE n - slack END,
           CASE form WHEN 'about' THEN n + slack WHEN 'nearly' THEN n END
    FROM (SELECT *, CAST(digits AS INTEGER) * 100 AS n,
                 max(CASE WHEN CAST(digits AS INTEGER) = 0 THEN 50
                          ELSE 5 * CAST(substr('10000000000000000', 1,
                                               2 + length(digits) - length(rtrim(digits, '0')))
                                        AS INTEGER) END,
                     CAST(digits AS INTEGER) * 5) AS slack
          FROM hedged)
    UNION ALL
    -- A-B, A to B: [A, B]
    SELECT doc, period, part, CASE WHEN low = '' OR high = '' THEN '' ELSE low || high END,
           0, 0, CAST(low AS INTEGER) * 100, CAST(high AS INTEGER) * 100
    FROM ranged
    UNION ALL
    -- X.Y million: rounded at the last digit shown
    SELECT doc, period, part, CASE WHEN decimals <= 6 THEN digits ELSE '' END, 0, 0,
           n - rounding, n + rounding
    FROM (SELECT *, CAST(digits AS INTEGER)
                        * CAST(substr('100000000', 1, 9 - decimals) AS INTEGER) AS n,
                 5 * CAST(substr('10000000', 1, 8 - decimals) AS INTEGER) AS rounding
          FROM millions)
)
SELECT doc, period,
       CASE WHEN digits GLOB '[0-9]*' AND NOT digits GLOB '*[^0-9]*' AND length(digits) <= 15
            THEN part ELSE 'unreadable' END AS part,
       lo, lo_open, hi, hi_open
FROM readable
UNION ALL
SELECT doc, period, 'unreadable', NULL, NULL, NULL, NULL FROM wanted WHERE form IS NULL;

CREATE TEMP TABLE period AS
SELECT doc, period,
       count(CASE WHEN part = 'nationality' THEN 1 END) AS n_count,
       sum(CASE WHEN part = 'nationality' THEN lo END) AS n_lo,
       max(CASE WHEN part = 'nationality' THEN lo_open END) AS n_lo_open,
       CASE WHEN count(CASE WHEN part = 'nationality' AND hi IS NULL THEN 1 END) = 0
            THEN sum(CASE WHEN part = 'nationality' THEN hi END) END AS n_hi,
       max(CASE WHEN part = 'nationality' THEN hi_open END) AS n_hi_open,
       count(CASE WHEN part = 'total' THEN 1 END) AS t_count,
       max(CASE WHEN part = 'total' THEN lo END) AS t_lo,
       max(CASE WHEN part = 'total' THEN lo_open END) AS t_lo_open,
       max(CASE WHEN part = 'total' THEN hi END) AS t_hi,
       max(CASE WHEN part = 'total' THEN hi_open END) AS t_hi_open,
       count(CASE WHEN part = 'prosecutions' THEN 1 END)
           + count(CASE WHEN part = 'deported' THEN 1 END) AS s_count,
       sum(CASE WHEN part IN ('prosecutions', 'deported') THEN lo END) AS s_lo,
       max(CASE WHEN part IN ('prosecutions', 'deported') THEN lo_open END) AS s_lo_open,
       CASE WHEN count(CASE WHEN part IN ('prosecutions', 'deported') AND hi IS NULL
                       THEN 1 END) = 0
            THEN sum(CASE WHEN part IN ('prosecutions', 'deported') THEN hi END) END AS s_hi,
       max(CASE WHEN part IN ('prosecutions', 'deported') THEN hi_open END) AS s_hi_open,
       count(CASE WHEN part = 'unreadable' THEN 1 END) AS unreadable
FROM figure
GROUP BY doc, period;

-- a <= b holds when a.hi - b.lo <= 0, fails when a.lo - b.hi > 0 (or = 0 at an open
-- end); a == b holds when their difference is [0, 0], fails when it excludes 0.
CREATE TEMP TABLE verdict AS
SELECT doc, period, unreadable,
       CASE WHEN n_count > 0 AND t_count > 0 THEN
           CASE WHEN n_hi IS NOT NULL AND n_hi - t_lo <= 0 THEN 'holds'
                WHEN t_hi IS NOT NULL AND (n_lo - t_hi > 0
                                           OR (n_lo - t_hi = 0 AND (n_lo_open OR t_hi_open)))
                    THEN 'violated'
                ELSE 'unconfirmed' END
       END AS breakdown,
       CASE WHEN t_count > 0 AND s_count = 2 THEN
           CASE WHEN s_hi IS NOT NULL AND s_hi - t_lo <= 0 THEN 'holds'
                WHEN t_hi IS NOT NULL AND (s_lo - t_hi > 0
                                           OR (s_lo - t_hi = 0 AND (s_lo_open OR t_hi_open)))
                    THEN 'violated'
                ELSE 'unconfirmed' END
       END AS within,
       -- total - (prosecutions + deported), for when `within` holds (s_hi is known)
       t_lo - s_hi AS d_lo, t_lo_open OR s_hi_open AS d_lo_open,
       t_hi - s_lo AS d_hi, t_hi_open OR s_lo_open AS d_hi_open
FROM period;

SELECT doc, 'input/value', period, 'input' FROM verdict WHERE unreadable > 0
UNION ALL
SELECT doc, 'breakdown-within-total', period, breakdown FROM verdict
WHERE breakdown IN ('violated', 'unconfirmed')
UNION ALL
SELECT doc, 'outcomes-within-arrests', period, within FROM verdict
WHERE within IN ('violated', 'unconfirmed')
UNION ALL
SELECT doc, 'outcomes-account-for-arrests', period,
       CASE WHEN d_lo > 0 OR (d_lo = 0 AND d_lo_open)
                 OR (d_hi IS NOT NULL AND (d_hi < 0 OR (d_hi = 0 AND d_hi_open)))
                THEN 'violated'
            ELSE 'unconfirmed' END
FROM verdict
WHERE within = 'holds' AND NOT (d_hi IS NOT NULL AND d_hi <= 0 AND d_lo >= 0);
