/* Broken.c - excluded from the Debug build by a condition on its metadata;
   the Release build compiles it and it does not parse. */
int broken(void) { return 1 }
