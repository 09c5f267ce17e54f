#include <stdio.h>
int main(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "reclaim: not yet\n"); return 2; }
