/* Parses only as MSVC: the default target when a command names none. */
#ifndef _MSC_VER
#error not parsed as MSVC
#endif
int x;
