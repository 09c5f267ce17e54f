/* Value types in the text format's words, for messages, dumps and the CLI. */
#include "types/valtype.h"

#include <stdio.h>

const char *heaptype_word(heaptype ht) {
  switch (ht) {
  case HT_NOEXN: return "noexn";
  case HT_NOFUNC: return "nofunc";
  case HT_NOEXTERN: return "noextern";
  case HT_NONE: return "none";
  case HT_FUNC: return "func";
  case HT_EXTERN: return "extern";
  case HT_ANY: return "any";
  case HT_EQ: return "eq";
  case HT_I31: return "i31";
  case HT_STRUCT: return "struct";
  case HT_ARRAY: return "array";
  case HT_EXN: return "exn";
  }
  return NULL;
}

/* The nullable shorthand of a bottom heap type, whose name is not word+"ref". */
static const char *bottom_shorthand(heaptype ht) {
  switch (ht) {
  case HT_NOEXN: return "nullexnref";
  case HT_NOFUNC: return "nullfuncref";
  case HT_NOEXTERN: return "nullexternref";
  case HT_NONE: return "nullref";
  }
  return NULL;
}

void valtype_format(char *buf, size_t n, valtype t, uint32_t (*name)(void *ud, heaptype ht),
                    void *ud) {
  switch (VT_CODE(t)) {
  case VT_I32: snprintf(buf, n, "i32"); return;
  case VT_I64: snprintf(buf, n, "i64"); return;
  case VT_F32: snprintf(buf, n, "f32"); return;
  case VT_F64: snprintf(buf, n, "f64"); return;
  case VT_V128: snprintf(buf, n, "v128"); return;
  case VT_I8: snprintf(buf, n, "i8"); return;
  case VT_I16: snprintf(buf, n, "i16"); return;
  }
  if (!VT_IS_REF(t)) {
    snprintf(buf, n, "?0x%x", (unsigned)t);
    return;
  }
  heaptype ht = VT_HEAP(t);
  const char *w = heaptype_word(ht);
  bool null = VT_NULLABLE(t);
  if (w && null && bottom_shorthand(ht)) snprintf(buf, n, "%s", bottom_shorthand(ht));
  else if (w && null) snprintf(buf, n, "%sref", w);
  else if (w) snprintf(buf, n, "(ref %s)", w);
  else snprintf(buf, n, "(ref %s$%u)", null ? "null " : "", (unsigned)(name ? name(ud, ht) : ht));
}
