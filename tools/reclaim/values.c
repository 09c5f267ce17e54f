/* Values in the CLI: matching results against WAST patterns, printing
 * values and patterns, and parsing command-line arguments. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "cli.h"
#include "interp/interp.h"

/* ---- matching ---- */

static bool f32_matches(uint32_t bits, enum script_nan nan, uint32_t want) {
  switch (nan) {
  case SCRIPT_NAN_CANONICAL: return (bits & 0x7fffffffu) == 0x7fc00000u;
  case SCRIPT_NAN_ARITHMETIC: return (bits & 0x7fc00000u) == 0x7fc00000u;
  default: return bits == want;
  }
}

static bool f64_matches(uint64_t bits, enum script_nan nan, uint64_t want) {
  switch (nan) {
  case SCRIPT_NAN_CANONICAL: return (bits & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
  case SCRIPT_NAN_ARITHMETIC: return (bits & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
  default: return bits == want;
  }
}

static bool v128_matches(const uint8_t *got, const struct script_pattern *p) {
  switch (p->shape) {
  case SCRIPT_F32X4:
    for (int i = 0; i < 4; i++) {
      uint32_t g, w;
      memcpy(&g, got + 4 * i, 4);
      memcpy(&w, p->u.v128 + 4 * i, 4);
      if (!f32_matches(g, (enum script_nan)p->lane_nan[i], w)) return false;
    }
    return true;
  case SCRIPT_F64X2:
    for (int i = 0; i < 2; i++) {
      uint64_t g, w;
      memcpy(&g, got + 8 * i, 8);
      memcpy(&w, p->u.v128 + 8 * i, 8);
      if (!f64_matches(g, (enum script_nan)p->lane_nan[i], w)) return false;
    }
    return true;
  default: return memcmp(got, p->u.v128, 16) == 0;
  }
}

static heaptype top_of(const struct typestore *ts, valtype t) {
  return types_heap_top(ts, VT_HEAP(t));
}

/* The GC object behind a non-null, non-i31 reference of the any/extern/exn hierarchies. */
static const struct gc_obj *obj_of(const struct typestore *ts, const struct tvalue *v) {
  rc_ref r = v->slots[0];
  if (r == REF_NULL || REF_IS_I31(r) || top_of(ts, v->type) == HT_FUNC) return NULL;
  return REF_OBJ(r);
}

static bool is_host(const struct typestore *ts, const struct tvalue *v, uint32_t n) {
  const struct gc_obj *o = obj_of(ts, v);
  return o && o->ti->kind == TI_HOST && HOSTBOX_VALUE(o) == n;
}

static bool obj_kind(const struct typestore *ts, const struct tvalue *v, enum ti_kind k) {
  const struct gc_obj *o = obj_of(ts, v);
  return o && o->ti->kind == k;
}

bool value_matches(const struct typestore *ts, const struct tvalue *v, const struct script_pattern *p) {
  rc_ref r = v->slots[0];
  bool ref = VT_IS_REF(v->type);
  switch (p->kind) {
  case SCRIPT_PAT_I32: return v->type == VT_I32 && (uint32_t)v->slots[0] == p->u.i32;
  case SCRIPT_PAT_I64: return v->type == VT_I64 && v->slots[0] == p->u.i64;
  case SCRIPT_PAT_F32: return v->type == VT_F32 && f32_matches((uint32_t)v->slots[0], p->nan, p->u.i32);
  case SCRIPT_PAT_F64: return v->type == VT_F64 && f64_matches(v->slots[0], p->nan, p->u.i64);
  case SCRIPT_PAT_V128: {
    if (v->type != VT_V128) return false;
    uint8_t bytes[16];
    memcpy(bytes, v->slots, 16);
    return v128_matches(bytes, p);
  }
  case SCRIPT_PAT_REF_NULL: return ref && r == REF_NULL;
  case SCRIPT_PAT_REF_EXTERN: return ref && r != REF_NULL && (!p->has_host || is_host(ts, v, p->u.host));
  case SCRIPT_PAT_REF_HOST: return ref && is_host(ts, v, p->u.host);
  case SCRIPT_PAT_REF_FUNC: return ref && r != REF_NULL && top_of(ts, v->type) == HT_FUNC;
  case SCRIPT_PAT_REF_STRUCT: return ref && obj_kind(ts, v, TI_STRUCT);
  case SCRIPT_PAT_REF_ARRAY: return ref && obj_kind(ts, v, TI_ARRAY);
  case SCRIPT_PAT_REF_I31: return ref && r != REF_NULL && REF_IS_I31(r) && top_of(ts, v->type) != HT_FUNC;
  case SCRIPT_PAT_REF_EQ:
    return ref && r != REF_NULL && top_of(ts, v->type) != HT_FUNC &&
           (REF_IS_I31(r) || obj_kind(ts, v, TI_STRUCT) || obj_kind(ts, v, TI_ARRAY));
  case SCRIPT_PAT_REF_EXN: return ref && r != REF_NULL && top_of(ts, v->type) == HT_EXN;
  case SCRIPT_PAT_REF_ANY: return ref && r != REF_NULL && top_of(ts, v->type) != HT_FUNC;
  case SCRIPT_PAT_EITHER:
    for (size_t i = 0; i < p->nalts; i++)
      if (value_matches(ts, v, &p->alts[i])) return true;
    return false;
  }
  return false;
}

/* ---- formatting ---- */

static void f32_format(char *buf, size_t n, uint32_t bits) {
  float f;
  memcpy(&f, &bits, 4);
  if (isnan(f)) snprintf(buf, n, "%snan:0x%x", bits >> 31 ? "-" : "", bits & 0x7fffffu);
  else snprintf(buf, n, "%.9g", (double)f);
}

static void f64_format(char *buf, size_t n, uint64_t bits) {
  double d;
  memcpy(&d, &bits, 8);
  if (isnan(d)) snprintf(buf, n, "%snan:0x%" PRIx64, bits >> 63 ? "-" : "", (uint64_t)(bits & 0xfffffffffffffull));
  else snprintf(buf, n, "%.17g", d);
}

void value_format(char *buf, size_t n, const struct typestore *ts, const struct tvalue *v) {
  char tmp[64];
  switch (VT_CODE(v->type)) {
  case VT_I32: snprintf(buf, n, "i32:%" PRId32, (int32_t)(uint32_t)v->slots[0]); return;
  case VT_I64: snprintf(buf, n, "i64:%" PRId64, (int64_t)v->slots[0]); return;
  case VT_F32:
    f32_format(tmp, sizeof tmp, (uint32_t)v->slots[0]);
    snprintf(buf, n, "f32:%s (0x%08" PRIx32 ")", tmp, (uint32_t)v->slots[0]);
    return;
  case VT_F64:
    f64_format(tmp, sizeof tmp, v->slots[0]);
    snprintf(buf, n, "f64:%s (0x%016" PRIx64 ")", tmp, v->slots[0]);
    return;
  case VT_V128: {
    uint32_t l[4];
    memcpy(l, v->slots, 16);
    snprintf(buf, n, "v128:i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32, l[0], l[1],
             l[2], l[3]);
    return;
  }
  }
  rc_ref r = v->slots[0];
  if (r == REF_NULL) snprintf(buf, n, "ref.null");
  else if (top_of(ts, v->type) == HT_FUNC) snprintf(buf, n, "ref.func");
  else if (REF_IS_I31(r)) snprintf(buf, n, "ref.i31 %" PRId32, REF_I31_S(r));
  else {
    const struct gc_obj *o = REF_OBJ(r);
    switch (o->ti->kind) {
    case TI_HOST: snprintf(buf, n, "ref.host %" PRIu64, HOSTBOX_VALUE(o)); break;
    case TI_STRUCT: snprintf(buf, n, "ref.struct"); break;
    case TI_ARRAY: snprintf(buf, n, "ref.array"); break;
    case TI_EXN: snprintf(buf, n, "ref.exn"); break;
    default: snprintf(buf, n, "ref.?"); break;
    }
  }
}

static const char *nan_name(int nan) {
  return nan == SCRIPT_NAN_CANONICAL ? "nan:canonical" : nan == SCRIPT_NAN_ARITHMETIC ? "nan:arithmetic" : NULL;
}

void pattern_format(char *buf, size_t n, const struct script_pattern *p) {
  char tmp[64];
  switch (p->kind) {
  case SCRIPT_PAT_I32: snprintf(buf, n, "i32:%" PRId32, (int32_t)p->u.i32); return;
  case SCRIPT_PAT_I64: snprintf(buf, n, "i64:%" PRId64, (int64_t)p->u.i64); return;
  case SCRIPT_PAT_F32:
    if (p->nan) snprintf(buf, n, "f32:%s", nan_name(p->nan));
    else {
      f32_format(tmp, sizeof tmp, p->u.i32);
      snprintf(buf, n, "f32:%s (0x%08" PRIx32 ")", tmp, p->u.i32);
    }
    return;
  case SCRIPT_PAT_F64:
    if (p->nan) snprintf(buf, n, "f64:%s", nan_name(p->nan));
    else {
      f64_format(tmp, sizeof tmp, p->u.i64);
      snprintf(buf, n, "f64:%s (0x%016" PRIx64 ")", tmp, p->u.i64);
    }
    return;
  case SCRIPT_PAT_V128: {
    uint32_t l[4];
    memcpy(l, p->u.v128, 16);
    bool nans = false;
    for (int i = 0; i < 4; i++) nans |= p->lane_nan[i] != 0;
    snprintf(buf, n, "v128:i32x4 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 " 0x%08" PRIx32 "%s", l[0], l[1],
             l[2], l[3], nans ? " (with NaN lanes)" : "");
    return;
  }
  case SCRIPT_PAT_REF_NULL: snprintf(buf, n, "ref.null"); return;
  case SCRIPT_PAT_REF_EXTERN:
    if (p->has_host) snprintf(buf, n, "ref.extern %" PRIu32, p->u.host);
    else snprintf(buf, n, "ref.extern");
    return;
  case SCRIPT_PAT_REF_HOST: snprintf(buf, n, "ref.host %" PRIu32, p->u.host); return;
  case SCRIPT_PAT_REF_FUNC: snprintf(buf, n, "ref.func"); return;
  case SCRIPT_PAT_REF_STRUCT: snprintf(buf, n, "ref.struct"); return;
  case SCRIPT_PAT_REF_ARRAY: snprintf(buf, n, "ref.array"); return;
  case SCRIPT_PAT_REF_I31: snprintf(buf, n, "ref.i31"); return;
  case SCRIPT_PAT_REF_EQ: snprintf(buf, n, "ref.eq"); return;
  case SCRIPT_PAT_REF_EXN: snprintf(buf, n, "ref.exn"); return;
  case SCRIPT_PAT_REF_ANY: snprintf(buf, n, "ref"); return;
  case SCRIPT_PAT_EITHER: {
    size_t used = (size_t)snprintf(buf, n, "either(");
    for (size_t i = 0; i < p->nalts && used < n; i++) {
      char alt[160];
      pattern_format(alt, sizeof alt, &p->alts[i]);
      used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? " | " : "", alt);
    }
    if (used < n) snprintf(buf + used, n - used, ")");
    return;
  }
  }
  snprintf(buf, n, "?");
}

/* ---- parsing command-line values ---- */

static bool parse_int(const char *s, unsigned bits, uint64_t *out) {
  if (!*s) return false;
  bool neg = *s == '-';
  const char *p = s + (neg || *s == '+');
  if (*p == '-' || *p == '+') return false;
  /* Decimal or 0x hex only: base 0 would read "010" as octal 8, and strtoull
   * would skip leading spaces and take a second sign after "0x". */
  int base = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') ? 16 : 10;
  if (base == 16) p += 2;
  if (!(base == 16 ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))) return false;
  errno = 0;
  char *end;
  unsigned long long v = strtoull(p, &end, base);
  if (*end || errno || end == p) return false;
  uint64_t limit = bits == 64 ? UINT64_MAX : (1ull << bits) - 1;
  if (neg ? v > (limit >> 1) + 1 : v > limit) return false;
  *out = (neg ? (uint64_t)0 - v : v) & limit;
  return true;
}

/* nan:0xPAYLOAD with an optional sign; other float syntax goes to strtod. */
static bool parse_nan_payload(const char *s, bool *neg, uint64_t *payload, bool *has) {
  *neg = *s == '-';
  if (*s == '-' || *s == '+') s++;
  if (strncmp(s, "nan:0x", 6) != 0) return *has = false, true;
  char *end;
  errno = 0;
  *payload = strtoull(s + 6, &end, 16);
  *has = true;
  return !*end && !errno && end != s + 6;
}

bool value_parse(const char *text, valtype t, uint64_t slots[2]) {
  slots[0] = slots[1] = 0;
  switch (t) {
  case VT_I32: return parse_int(text, 32, &slots[0]);
  case VT_I64: return parse_int(text, 64, &slots[0]);
  case VT_F32:
  case VT_F64: {
    bool neg, has;
    uint64_t payload;
    if (!parse_nan_payload(text, &neg, &payload, &has)) return false;
    if (has) {
      if (t == VT_F32) {
        if (payload == 0 || payload > 0x7fffff) return false;
        slots[0] = (neg ? 0x80000000u : 0) | 0x7f800000u | payload;
      } else {
        if (payload == 0 || payload > 0xfffffffffffffull) return false;
        slots[0] = (neg ? 0x8000000000000000ull : 0) | 0x7ff0000000000000ull | payload;
      }
      return true;
    }
    if (isspace((unsigned char)text[0])) return false; /* as for integers */
    char *end;
    if (t == VT_F32) {
      float f = strtof(text, &end);
      uint32_t b;
      memcpy(&b, &f, 4);
      slots[0] = b;
    } else {
      double d = strtod(text, &end);
      memcpy(&slots[0], &d, 8);
    }
    return end != text && !*end;
  }
  default: return false;
  }
}

/* ---- backtraces ---- */

void func_display_name(char *buf, size_t n, const struct funcinst *f, uint32_t index) {
  if (f && f->inst) {
    const struct name *nm = module_func_name(f->inst->mod, index);
    if (nm) {
      snprintf(buf, n, "%.*s", (int)nm->len, nm->data);
      return;
    }
  } else if (f && f->debug_name) {
    snprintf(buf, n, "%s", f->debug_name);
    return;
  }
  snprintf(buf, n, "func[%" PRIu32 "]", index);
}

/* Runs of identical frames (deep recursion) print once with a count, and
 * at most MAX_BACKTRACE_LINES lines are printed. */
#define MAX_BACKTRACE_LINES 64

void print_backtrace(FILE *out, struct store *s) {
  const struct rc_frame *frames = NULL;
  uint32_t n = exec_backtrace(s->exec, &frames);
  uint32_t lines = 0;
  for (uint32_t i = 0; i < n;) {
    uint32_t run = 1;
    while (i + run < n && frames[i + run].func == frames[i].func && frames[i + run].offset == frames[i].offset)
      run++;
    if (lines++ == MAX_BACKTRACE_LINES) {
      fprintf(out, "  ... %" PRIu32 " more frames\n", n - i);
      return;
    }
    char name[256];
    func_display_name(name, sizeof name, frames[i].func, frames[i].func_index);
    fprintf(out, "  at %s (offset 0x%" PRIx32 ")\n", name, frames[i].offset);
    if (run > 1) fprintf(out, "  ... the frame above repeats %" PRIu32 " more times\n", run - 1);
    i += run;
  }
}
