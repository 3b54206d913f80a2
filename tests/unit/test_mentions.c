#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "memory.h"
#include "mentions.h"

/* The mentions of `text` as "LINE:COL words | ...", the form the expectations use. */
static void describe(const char *text, size_t length, fl_buffer *out)
{
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan(text, length, &arena, &list);
    fl_buffer_clear(out);
    for (size_t i = 0; i < list.count; i++) {
        const fl_mention *m = &list.items[i];
        assert_true(m->offset + m->length <= length);
        assert_true(m->word_count > 0);
        assert_false(m->words[0].connector);
        assert_false(m->words[m->word_count - 1].connector);
        assert_int_equal(m->words[0].offset, m->offset);
        assert_int_equal(m->words[0].column, m->column);
        fl_buffer_printf(out, "%s%u:%u %.*s", i ? " | " : "", m->line, m->column,
                         (int)m->length, text + m->offset);
    }
    if (list.count == 0)
        assert_null(list.items);
    fl_arena_free(&arena);
}

static void expect_mentions(const char *text, const char *expected)
{
    fl_buffer found = FL_BUFFER_INIT;
    describe(text, strlen(text), &found);
    assert_string_equal(fl_buffer_cstr(&found), expected);
    fl_buffer_free(&found);
}

/* The words of the only mention in `text` as "word@column", connectors marked "*". */
static void expect_words(const char *text, const char *expected)
{
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan(text, strlen(text), &arena, &list);
    assert_int_equal(list.count, 1);
    fl_buffer words = FL_BUFFER_INIT;
    for (size_t i = 0; i < list.items[0].word_count; i++) {
        const fl_mention_word *w = &list.items[0].words[i];
        fl_buffer_printf(&words, "%s%.*s%s@%u", i ? " " : "", (int)w->length,
                         text + w->offset, w->connector ? "*" : "", w->column);
    }
    assert_string_equal(fl_buffer_cstr(&words), expected);
    fl_buffer_free(&words);
    fl_arena_free(&arena);
}

static void test_empty_text(void **state)
{
    (void)state;
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list = {(fl_mention *)&list, 99};
    fl_mentions_scan(NULL, 0, &arena, &list);
    assert_null(list.items);
    assert_int_equal(list.count, 0);
    fl_mentions_scan("Hun Sen", 0, &arena, &list);
    assert_int_equal(list.count, 0);
    fl_arena_free(&arena);
    expect_mentions("\n\n \r\n", "");
    expect_mentions("no names at all, only lower case.", "");
}

static void test_runs_and_separators(void **state)
{
    (void)state;
    expect_mentions("said Prime Minister Hun Manet on Monday",
                    "1:6 Prime Minister Hun Manet | 1:34 Monday");
    expect_mentions("met Hun Sen, Hun Manet and officials",
                    "1:5 Hun Sen | 1:14 Hun Manet");
    /* Only spaces join words: not a tab, not punctuation, not a spaced dash. */
    expect_mentions("met Hun\tSen; Sar Kheng - Licadho",
                    "1:5 Hun | 1:9 Sen | 1:14 Sar Kheng | 1:26 Licadho");
    expect_mentions("met Hun  Sen and Hun\xC2\xA0Manet", "1:5 Hun  Sen and Hun\xC2\xA0Manet");
    expect_mentions("from Phnom Penh, the capital", "1:6 Phnom Penh");
    expect_mentions("agencies including the UN and AP said", "1:24 UN and AP");
}

static void test_connectors(void **state)
{
    (void)state;
    expect_words("a report by the Office of the High Commissioner for Human Rights today",
                 "Office@17 of*@24 the*@27 High@31 Commissioner@36 for*@49 Human@53 "
                 "Rights@59");
    expect_words("members of the Association of Southeast Asian Nations had",
                 "Association@16 of*@28 Southeast@31 Asian@41 Nations@47");
    expect_mentions("poems by Juan de la Cruz and Ortega y Gasset, music by Ludwig van Beethoven",
                    "1:10 Juan de la Cruz and Ortega y Gasset | 1:56 Ludwig van Beethoven");
    /* Never first or last, and never across anything but spaces. */
    expect_mentions("of the United Nations and the rest", "1:8 United Nations");
    expect_mentions("Cambodia and, the Philippines", "1:1 Cambodia | 1:19 Philippines");
    expect_mentions("the family of Hun Sen", "1:15 Hun Sen");
    /* Other lower-case words end a run. */
    expect_mentions("Cambodia with Thailand", "1:1 Cambodia | 1:15 Thailand");
    /* A capitalised "The" inside a sentence is part of the name. */
    expect_mentions("told The Associated Press on Monday",
                    "1:6 The Associated Press | 1:30 Monday");
    expect_words("regime of Bashar al-Assad fell", "Bashar@11 al-Assad@18");
    expect_mentions("Bashar al-jazeera", "1:1 Bashar");
}

static void test_possessives(void **state)
{
    (void)state;
    expect_mentions("security,\xE2\x80\x9D Licadko\xE2\x80\x99s operations director",
                    "1:12 Licadko");
    expect_mentions("said Neth Pheaktra's statement", "1:6 Neth Pheaktra");
    expect_mentions("the Pakistanis\xE2\x80\x99 lawyers", "1:5 Pakistanis");
    expect_mentions("the PAKISTANIS'S lawyers", "1:5 PAKISTANIS");
    /* A possessive ends the name: the owner and the owned are two mentions. */
    expect_mentions("in Cambodia\xE2\x80\x99s Prime Minister Hun Manet",
                    "1:4 Cambodia | 1:15 Prime Minister Hun Manet");
    expect_words("with Jean-Pierre\xE2\x80\x99s team", "Jean-Pierre@6");
}

static void test_sentence_starts_with_function_words(void **state)
{
    (void)state;
    expect_mentions("Those netted included 429 Vietnamese. Other suspects were from Laos.",
                    "1:27 Vietnamese | 1:64 Laos");
    expect_mentions("He said. These resulted. It said. A spokesperson. This is it! However, no.",
                    "");
    expect_mentions("The United Nations said. In Cambodia, it rains.",
                    "1:5 United Nations | 1:29 Cambodia");
    expect_mentions("The Office of the High Commissioner spoke.",
                    "1:5 Office of the High Commissioner");
    /* Through quotes and brackets: "“This", "(The", ".” The". */
    expect_mentions("\xE2\x80\x9CThis campaign is good.\xE2\x80\x9D (The Hague agreed.)",
                    "1:31 Hague");
    expect_mentions("\xE2\x80\x9CHowever, launching is good,\xE2\x80\x9D he said.", "");
    /* After a line break, with or without a full stop before it. */
    expect_mentions("he said\nThey left\nWe stayed", "");
    /* Function words alone are no mention anywhere in a sentence. */
    expect_mentions("he and I went, and \xE2\x80\x9CWe are ready,\xE2\x80\x9D said Licadho",
                    "1:41 Licadho");
    expect_mentions("I\xE2\x80\x99m sure. Don\xE2\x80\x99t go. They\xE2\x80\x99ll see. "
                    "It\xE2\x80\x99s over. I'd say", "");
    /* Words that match a function word only by case are acronyms, and stay. */
    expect_mentions("US officials said. IT staff left. WHO agreed.",
                    "1:1 US | 1:20 IT | 1:35 WHO");
}

/* Words of ASCII letters and digits alone are read without decoding: they must end a
 * sentence start, count as capitals or not, and join names as any other word does. */
static void test_words_of_ascii_letters_and_digits(void **state)
{
    (void)state;
    expect_mentions("G7 leaders met. Acme2 Corp said 3M and iPhone sales rose. Then Hun Sen "
                    "spoke in 2025 to NDRMC staff",
                    "1:1 G7 | 1:17 Acme2 Corp | 1:64 Hun Sen | 1:89 NDRMC");
    /* "2025" opens the sentence, so "Raids" does not: it is kept, though the text
     * also writes "raids". */
    expect_mentions("It ended. 2025 Raids began and raids went on", "1:16 Raids");
}

/* Word boundaries are looked for sixteen flags at a time (with SSE2): words that end
 * just before, at and after such a stretch, and one that ends the line, are whole. */
static void test_long_words(void **state)
{
    (void)state;
    expect_mentions("Aaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbb Ccccccccccccccccc said\n"
                    "it went to Dddddddddddddddddddddddddddddddddddddddd",
                    "1:1 Aaaaaaaaaaaaaaa Bbbbbbbbbbbbbbbb Ccccccccccccccccc | "
                    "2:12 Dddddddddddddddddddddddddddddddddddddddd");
    expect_words("x Eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee of Ffffffffffffffff",
                 "Eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee@3 of*@35 Ffffffffffffffff@38");
}

static void test_sentence_starts_with_words_used_in_lower_case(void **state)
{
    (void)state;
    expect_mentions("Workers were held. Many workers fled to Licadho.", "1:41 Licadho");
    expect_mentions("Workers were held. Others fled to Licadho.",
                    "1:1 Workers | 1:35 Licadho");
    /* The rest of the run stays a mention, without a connector left in front. */
    expect_mentions("Police Commissioner Neth Pheaktra spoke. The police agreed.",
                    "1:8 Commissioner Neth Pheaktra");
    expect_mentions("Minister of Interior Sar Kheng spoke to a minister.",
                    "1:13 Interior Sar Kheng");
    /* The lower-case use may come later in the text, and on another line. */
    expect_mentions("Raids continued.\nMore raids came.", "");
    expect_mentions("they said \xE2\x80\x9Cthe raids were over.\xE2\x80\x9D Raids continued.", "");
    /* Inside a sentence the same word is kept. */
    expect_mentions("they met Police Chief Sok. The police left.", "1:10 Police Chief Sok");
    /* Acronyms are never ordinary words. */
    expect_mentions("AP reported it. The ap was lost.", "1:1 AP");
    /* Name particles in lower case do not make the capitalised form ordinary. */
    expect_mentions("De Gaulle spoke. Charles de Gaulle left.",
                    "1:1 De Gaulle | 1:18 Charles de Gaulle");
    /* Case folding covers accented letters. */
    expect_mentions("\xC3\x89\x63lair is sweet. The \xC3\xA9\x63lair is gone.", "");
    expect_mentions("Credit: AP", "1:1 Credit | 1:9 AP");
    expect_mentions("Credit: AP\nno credit given", "1:9 AP");
}

/* The mentions of `text` with `joiners` as connectors, each word marked "*" for a
 * built-in connector and "+" for a joiner. */
static void expect_joined(const char *text, const fl_mention_joiners *joiners,
                          const char *expected)
{
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan_joined(text, strlen(text), joiners, &arena, &list);
    fl_buffer found = FL_BUFFER_INIT;
    for (size_t i = 0; i < list.count; i++) {
        const fl_mention *m = &list.items[i];
        fl_buffer_append_string(&found, i ? " | " : "");
        for (size_t w = 0; w < m->word_count; w++) {
            const fl_mention_word *word = &m->words[w];
            assert_true(!word->joiner || word->connector);
            fl_buffer_printf(&found, "%s%.*s%s", w ? " " : "", (int)word->length,
                             text + word->offset,
                             word->joiner ? "+" : word->connector ? "*" : "");
        }
    }
    assert_string_equal(fl_buffer_cstr(&found), expected);
    fl_buffer_free(&found);
    fl_arena_free(&arena);
}

static void test_joiners(void **state)
{
    (void)state;
    static const char *const words[] = {"in", "on", "sans"};
    const fl_mention_joiners joiners = {words, 3};
    const char *barmm = "the Bangsamoro Autonomous Region in Muslim Mindanao said";
    expect_joined(barmm, &joiners, "Bangsamoro Autonomous Region in+ Muslim Mindanao");
    expect_joined(barmm, NULL, "Bangsamoro Autonomous Region | Muslim Mindanao");
    expect_joined("the United Nations Office on Drugs and Crime", &joiners,
                  "United Nations Office on+ Drugs and* Crime");
    /* Like connectors: never first or last, and inside hyphenated compounds. */
    expect_joined("in Cambodia in the end", &joiners, "Cambodia");
    expect_joined("at Stratford-on-Avon today", &joiners, "Stratford-on-Avon");
    /* Unlike name particles, a joiner used in lower case makes its capitalised form an
     * ordinary word at a sentence start. */
    expect_joined("Sans Frontières arrived. Reporters sans Borders", &joiners,
                  "Frontières | Reporters sans+ Borders");
    expect_joined("Sans Frontières arrived.", &joiners, "Sans Frontières");
}

/* Each mention of `text` as "words" with "^" when its line is in capitals, and each
 * word the text also writes in lower case marked "~". */
static void expect_capitals(const char *text, const char *expected)
{
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan(text, strlen(text), &arena, &list);
    fl_buffer found = FL_BUFFER_INIT;
    for (size_t i = 0; i < list.count; i++) {
        const fl_mention *m = &list.items[i];
        fl_buffer_append_string(&found, i ? " | " : "");
        for (size_t w = 0; w < m->word_count; w++)
            fl_buffer_printf(&found, "%s%.*s%s", w ? " " : "", (int)m->words[w].length,
                             text + m->words[w].offset,
                             m->words[w].in_lower_case_elsewhere ? "~" : "");
        fl_buffer_append_string(&found, m->in_capitals_line ? "^" : "");
    }
    assert_string_equal(fl_buffer_cstr(&found), expected);
    fl_buffer_free(&found);
    fl_arena_free(&arena);
}

static void test_capitals(void **state)
{
    (void)state;
    /* A headline in capitals, then running text. */
    expect_capitals("ASIAN LEADERS MEET IN JAKARTA\nThe NDRMC said ASEAN would help.",
                    "ASIAN LEADERS MEET IN JAKARTA^ | NDRMC | ASEAN");
    /* One word in capitals on a line of another script is no headline. */
    expect_capitals("\xE1\x9E\x80\xE1\x9E\x9A NDRMC \xE1\x9E\x80", "NDRMC");
    expect_capitals("NDRMC", "NDRMC");
    expect_capitals("UN, AP", "UN^ | AP^");
    /* Words in capitals that the text writes in lower case too; title case is no
     * acronym, and neither is a word that never appears in lower case. */
    expect_capitals("SCAM CENTRES RAIDED\nthe scam was run from Sihanoukville by AFP staff",
                    "SCAM~ CENTRES RAIDED^ | Sihanoukville | AFP");
    expect_capitals("Scam hubs and scam centres", "");
}

static void test_hyphens_and_apostrophes(void **state)
{
    (void)state;
    expect_words("said Jean-Pierre Lacroix today", "Jean-Pierre@6 Lacroix@18");
    expect_mentions("met O\xE2\x80\x99" "Brien and O'Neill",
                    "1:5 O\xE2\x80\x99" "Brien and O'Neill");
    expect_words("in Saint-Jean-de-Luz today", "Saint-Jean-de-Luz@4");
    expect_mentions("the Anti-Corruption Unit, Licadho-run shelters, Saint-de-x, Hun-sen",
                    "1:5 Anti-Corruption Unit | 1:27 Licadho | 1:49 Saint | 1:61 Hun");
    expect_mentions("a well-paid job, Non\xE2\x80\x91" "Aligned Movement",
                    "1:18 Non\xE2\x80\x91" "Aligned Movement");
}

static void test_non_latin_text(void **state)
{
    (void)state;
    expect_mentions("\xE1\x9E\x80\xE1\x9F\x92\xE1\x9E\x9A\xE1\x9E\x9F\xE1\x9E\xBD\xE1\x9E\x84"
                    " \xE1\x9E\x94\xE1\x9E\xB6\xE1\x9E\x93 \xE1\x9F\xA2\xE1\x9F\xA4 \xE1\x9F\x94",
                    "");
    expect_mentions("\xE6\x9F\xAC\xE5\x9F\x94\xE5\xAF\xA8\xE8\xAD\xA6\xE6\x96\xB9\xE9\x80\xAE"
                    "\xE6\x8D\x95\xE4\xBA\x86" "2418\xE4\xBA\xBA\xE3\x80\x82",
                    "");
    expect_mentions("\xE6\x9F\xAC\xE5\x9F\x94\xE5\xAF\xA8 Hun Sen \xE8\xAF\xB4",
                    "1:5 Hun Sen");
    expect_mentions("\xE1\x9E\x80\xE1\x9F\x92\xE1\x9E\x9A\xE1\x9E\x9F\xE1\x9E\xBD\xE1\x9E\x84"
                    "\xE1\x9E\x98\xE1\x9E\xA0\xE1\x9E\xB6\xE1\x9E\x95\xE1\x9F\x92\xE1\x9E\x91"
                    "\xE1\x9F\x83 Hun Sen",
                    "1:15 Hun Sen");
}

static void test_accents(void **state)
{
    (void)state;
    expect_mentions("met Hun S\xC3\xA9n and \xC3\x89lise Lucet in \xC3\x98stfold",
                    "1:5 Hun S\xC3\xA9n and \xC3\x89lise Lucet | 1:32 \xC3\x98stfold");
    /* Decomposed: the combining accent belongs to its word. */
    expect_mentions("met Hun Se\xCC\x81n today", "1:5 Hun Se\xCC\x81n");
    /* A titlecase digraph counts as capitalised. */
    expect_mentions("met \xC7\x85uro \xC5\xA0imi\xC4\x87 there",
                    "1:5 \xC7\x85uro \xC5\xA0imi\xC4\x87");
}

static void test_lines_and_columns(void **state)
{
    (void)state;
    /* «Ça va», dit Ngô Đình Diệm. / …puis Licadho */
    expect_mentions("\xC2\xAB\xC3\x87\x61 va\xC2\xBB, dit Ng\xC3\xB4 \xC4\x90\xC3\xACnh "
                    "Di\xE1\xBB\x87m.\n\xE2\x80\xA6puis Licadho",
                    "1:2 \xC3\x87\x61 | 1:14 Ng\xC3\xB4 \xC4\x90\xC3\xACnh Di\xE1\xBB\x87m | "
                    "2:7 Licadho");
    expect_words("\xE2\x80\x94 \xE2\x80\x9CNg\xC3\xB4 \xC4\x90\xC3\xACnh Di\xE1\xBB\x87m",
                 "Ng\xC3\xB4@4 \xC4\x90\xC3\xACnh@8 Di\xE1\xBB\x87m@13");
    expect_mentions("\n\nthe Licadho\n\n  Am Sam Ath", "3:5 Licadho | 5:3 Am Sam Ath");
}

static void test_crlf(void **state)
{
    (void)state;
    expect_mentions("Hun Sen\r\nLicadho\r\nthe Am Sam Ath\r\n",
                    "1:1 Hun Sen | 2:1 Licadho | 3:5 Am Sam Ath");
    /* A lone carriage return ends a line, as it does everywhere else. */
    expect_mentions("met Hun\rSen", "1:5 Hun | 2:1 Sen");
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_mentions("Hun\xFFSen Licadho \xE2\x82 Am Sam Ath",
                    "1:1 Hun | 1:5 Sen Licadho | 1:19 Am Sam Ath");
    expect_mentions("\xFF\xFE the Licadho", "1:8 Licadho");
    expect_mentions("the Hun Sen\xE2", "1:5 Hun Sen");
    expect_mentions("\xC0\x80\xED\xA0\x80 \xF4\x90\x80\x80 Licadho\x80", "1:7 Licadho");
    /* A NUL byte is no space either. */
    fl_buffer found = FL_BUFFER_INIT;
    describe("the Hun\0Sen", 11, &found);
    assert_string_equal(fl_buffer_cstr(&found), "1:5 Hun | 1:9 Sen");
    fl_buffer_free(&found);
}

/* Lines 1, 3, 4, 5, 6, 10, 11, 12 and 13 of the article that motivated factlint. */
static const char seed_excerpt[] =
    "Those netted in raids in 43 locations around the country included 429 "
    "Vietnamese, 271 Indonesians, 589 Chinese, 57 Koreans, 70 Bangladeshi and 42 "
    "Pakistanis, said his statement. Other suspects were from Thailand, Laos, "
    "India, Nepal, the Philippines and Myanmar.\n"
    "Neth Pheaktra's statement said Cambodia's crackdown is ongoing \"and will "
    "absolutely continue, with a clear mandate from the top leadership to root out "
    "all illegal cybercrime activity \xE2\x80\x94 regardless of location or affiliation.\"\n"
    "He said it was strengthened by a directive issued Monday by Prime Minister "
    "Hun Manet that threatened state personnel at all levels with transfers or "
    "dismissal if they failed to act vigorously against cyberscams.\n"
    "The latest arrests followed 2,418 others in the first six months of the year "
    "involving 18 alleged scam operations in different parts of the country, said "
    "a report from the National Police Commissioner cited by Neth Pheaktra.\n"
    "These resulted in 73 prosecutions and 2,322 foreigners being deported, it "
    "said.\n"
    "A spokesperson for the Cambodian human rights organization Licadho, which is "
    "often critical of the government, noted the country\xE2\x80\x99s poor reputation due to "
    "cybercrime, and welcomed the crackdown.\n"
    "\xE2\x80\x9CThis campaign should have been launched long ago because Cambodia has been "
    "criticized by international organizations, the international community, and "
    "the United Nations for online fraud in Cambodia, which has affected "
    "Cambodia\xE2\x80\x99s image, international tourists, investment, security, order, and "
    "social security,\xE2\x80\x9D Licadko\xE2\x80\x99s operations director Am Sam Ath, told The "
    "Associated Press.\n"
    "\xE2\x80\x9CHowever, launching this campaign is good to demonstrate the Royal "
    "Government\xE2\x80\x99s determination and willingness to prevent and suppress online "
    "fraud and trust,\xE2\x80\x9D he said, noting that other members of the regional "
    "Association of Southeast Asian Nations had also acted this year to suppress "
    "online crime.\n"
    "Credit: AP\n";

static void test_seed_article(void **state)
{
    (void)state;
    expect_mentions(seed_excerpt,
                    "1:71 Vietnamese | 1:87 Indonesians | 1:104 Chinese | 1:116 Koreans | "
                    "1:128 Bangladeshi | 1:147 Pakistanis | 1:204 Thailand | 1:214 Laos | "
                    "1:220 India | 1:227 Nepal | 1:238 Philippines and Myanmar | "
                    "2:1 Neth Pheaktra | 2:32 Cambodia | "
                    "3:51 Monday | 3:61 Prime Minister Hun Manet | "
                    "4:173 National Police Commissioner | 4:211 Neth Pheaktra | "
                    "6:24 Cambodian | 6:60 Licadho | "
                    "7:59 Cambodia | 7:157 United Nations | 7:192 Cambodia | 7:221 Cambodia | "
                    "7:314 Licadko | 7:344 Am Sam Ath | 7:361 The Associated Press | "
                    "8:62 Royal Government | 8:211 Association of Southeast Asian Nations | "
                    "9:1 Credit | 9:9 AP");
}

/* A long line of one name repeated is one run, found in one linear pass. */
static void test_long_run(void **state)
{
    (void)state;
    enum { REPEATS = 100000 };
    fl_buffer text = FL_BUFFER_INIT;
    fl_buffer_append_string(&text, "the ");
    for (int i = 0; i < REPEATS; i++)
        fl_buffer_append_string(&text, "Hun Sen of ");
    fl_buffer_append_string(&text, "the-of-de");
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan(text.data, text.length, &arena, &list);
    assert_int_equal(list.count, 1);
    assert_int_equal(list.items[0].word_count, 3 * REPEATS - 1);
    assert_int_equal(list.items[0].offset, 4);
    assert_int_equal(list.items[0].words[3 * REPEATS - 2].column, 4 + 11 * (REPEATS - 1) + 5);
    fl_arena_free(&arena);
    fl_buffer_free(&text);
}

/* Runs denser than the room reserved for them (one every 16 bytes) move to a larger
 * array as they are found, and are settled there as in place. */
static void test_dense_runs(void **state)
{
    (void)state;
    enum { REPEATS = 3000, STRIDE = 12 };
    fl_buffer text = FL_BUFFER_INIT;
    for (int i = 0; i < REPEATS; i++)
        fl_buffer_append_string(&text, "Qz. The Wx, ");
    fl_arena arena = FL_ARENA_INIT;
    fl_mention_list list;
    fl_mentions_scan(text.data, text.length, &arena, &list);
    assert_int_equal(list.count, 2 * REPEATS);
    for (size_t i = 0; i < REPEATS; i++) {
        const fl_mention *first = &list.items[2 * i], *second = &list.items[2 * i + 1];
        assert_int_equal(first->offset, STRIDE * i);
        assert_int_equal(first->column, STRIDE * i + 1);
        assert_int_equal(first->length, 2);
        assert_int_equal(second->offset, STRIDE * i + 8);
        assert_int_equal(second->word_count, 1);
        assert_memory_equal(text.data + second->offset, "Wx", 2);
    }
    fl_arena_free(&arena);
    fl_buffer_free(&text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_text),
        cmocka_unit_test(test_runs_and_separators),
        cmocka_unit_test(test_connectors),
        cmocka_unit_test(test_possessives),
        cmocka_unit_test(test_sentence_starts_with_function_words),
        cmocka_unit_test(test_sentence_starts_with_words_used_in_lower_case),
        cmocka_unit_test(test_words_of_ascii_letters_and_digits),
        cmocka_unit_test(test_long_words),
        cmocka_unit_test(test_joiners),
        cmocka_unit_test(test_capitals),
        cmocka_unit_test(test_hyphens_and_apostrophes),
        cmocka_unit_test(test_non_latin_text),
        cmocka_unit_test(test_accents),
        cmocka_unit_test(test_lines_and_columns),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_seed_article),
        cmocka_unit_test(test_long_run),
        cmocka_unit_test(test_dense_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
