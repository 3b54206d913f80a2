# Writes an article of `mentions` name mentions (two a sentence, one sentence a line)
# for bench/names/variants_scale.sh. Names are one to three made-up words of three or
# four syllables (a consonant and a vowel, or one of a few Khmer-like closed ones); a
# third of `mentions` distinct names are each used about three times, and one mention
# in ten drops a letter, so that the names/variant rule has spellings to pair and to
# flag. The same `mentions` and `seed` always give the same text.
#
# usage: awk -v mentions=N [-v seed=S] -f mentions.awk > article.txt

# Park and Miller's generator: its products stay below 2^53, exact in awk's doubles.
function random_below(n) {
    seed = (seed * 16807) % 2147483647
    return int(seed / 2147483647 * n)
}
function made_up_word(   count, word) {
    word = ""
    for (count = 3 + random_below(2); count > 0; count--)
        word = word syllables[1 + random_below(syllable_count)]
    return toupper(substr(word, 1, 1)) substr(word, 2)
}
function made_up_name(   count, name) {
    name = made_up_word()
    for (count = random_below(3); count > 0; count--)
        name = name " " made_up_word()
    return name
}
function drop_a_letter(name,   at) {
    at = 2 + random_below(length(name) - 2)
    return substr(name, 1, at - 1) substr(name, at + 1)
}
BEGIN {
    if (seed == "")
        seed = 2025
    consonant_count = split("b ch d dh g h k kh l m n p ph r s t th v", consonants)
    vowel_count = split("a e i o u ea", vowels)
    for (c = 1; c <= consonant_count; c++)
        for (v = 1; v <= vowel_count; v++)
            syllables[++syllable_count] = consonants[c] vowels[v]
    closed_count = split("sam ath pen mon rith ang", closed)
    for (c = 1; c <= closed_count; c++)
        syllables[++syllable_count] = closed[c]
    distinct = int(mentions / 3) + 1
    for (i = 0; i < mentions; i++) {
        which = random_below(distinct)
        if (!(which in names))
            names[which] = made_up_name()
        mention = names[which]
        if (random_below(10) == 0)
            mention = drop_a_letter(mention)
        if (i % 2 == 0)
            printf "Officials from %s met ", mention
        else
            printf "%s in the capital on Monday.\n", mention
    }
    if (mentions % 2)
        print "nobody."
}
