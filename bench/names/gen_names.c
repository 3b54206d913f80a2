/* gen_names N [SEED] — prints N synthetic names, one a line, for trying factlint's
 * names rules on lists of realistic size. */
#include <stdio.h>
#include <stdlib.h>

#include "names_gen.h"

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: gen_names N [SEED]\n");
        return 2;
    }
    unsigned long long count = strtoull(argv[1], NULL, 10);
    unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 1;
    fl_names_gen *gen = fl_names_gen_new(seed);
    fl_buffer name = FL_BUFFER_INIT;
    for (unsigned long long i = 0; i < count; i++) {
        fl_names_gen_next(gen, &name);
        fwrite(name.data, 1, name.length, stdout);
        fputc('\n', stdout);
    }
    fl_buffer_free(&name);
    fl_names_gen_free(gen);
    return ferror(stdout) ? 1 : 0;
}
