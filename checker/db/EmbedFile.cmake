# Writes the text of IN into OUT as a C++ raw string named SYMBOL, so the
# contract database ships inside the binary.
file(READ "${IN}" CONTENT)
file(WRITE "${OUT}.tmp"
  "// Generated from ${IN}; do not edit.\n"
  "extern const char *const ${SYMBOL};\n"
  "const char *const ${SYMBOL} = R\"ndisdb(${CONTENT})ndisdb\";\n")
file(RENAME "${OUT}.tmp" "${OUT}")
