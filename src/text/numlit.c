/* Numeric literal conversion. Floats go through an exact path: the literal
 * becomes an integer mantissa times a power of two (hex) or ten (decimal,
 * via a small bignum), then one rounding step to the target format, so there
 * is never double rounding (f32 is not computed via f64). */
#include "text/numlit.h"

static int hexval(int ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

/* Parse digits with single '_' between digits. Accumulates value (saturating
 * flag on overflow). Returns the number of chars consumed, 0 if no digit. */
static size_t scan_digits(const char *s, size_t n, int base, uint64_t *val, bool *ovf) {
  size_t i = 0;
  bool prev_digit = false;
  uint64_t v = 0;
  while (i < n) {
    int d = hexval((unsigned char)s[i]);
    if (s[i] == '_') {
      if (!prev_digit || i + 1 >= n || hexval((unsigned char)s[i + 1]) < 0 ||
          hexval((unsigned char)s[i + 1]) >= base)
        return 0;
      prev_digit = false;
      i++;
      continue;
    }
    if (d < 0 || d >= base) break;
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) *ovf = true;
    else v = v * (uint64_t)base + (uint64_t)d;
    prev_digit = true;
    i++;
  }
  if (!prev_digit) return 0;
  *val = v;
  return i;
}

static enum lit_status parse_unsigned(const char *s, size_t n, uint64_t *out) {
  int base = 10;
  if (n >= 2 && s[0] == '0' && s[1] == 'x') { base = 16; s += 2; n -= 2; }
  bool ovf = false;
  uint64_t v = 0;
  size_t k = scan_digits(s, n, base, &v, &ovf);
  if (k == 0 || k != n) return LIT_MALFORMED;
  if (ovf) return LIT_RANGE;
  *out = v;
  return LIT_OK;
}

enum lit_status lit_uint(const char *s, size_t n, uint64_t max, uint64_t *out) {
  uint64_t v;
  enum lit_status st = parse_unsigned(s, n, &v);
  if (st != LIT_OK) return st;
  if (v > max) return LIT_RANGE;
  *out = v;
  return LIT_OK;
}

enum lit_status lit_int(const char *s, size_t n, int bits, uint64_t *out) {
  bool neg = false, sign = false;
  if (n && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; sign = true; s++; n--; }
  uint64_t v;
  enum lit_status st = parse_unsigned(s, n, &v);
  if (st != LIT_OK) return st;
  uint64_t umax = bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1;
  uint64_t smin_mag = (uint64_t)1 << (bits - 1);
  if (neg) {
    if (v > smin_mag) return LIT_RANGE;
    v = (0 - v) & umax;
  } else {
    if (sign && v > smin_mag - 1) return LIT_RANGE;
    if (v > umax) return LIT_RANGE;
  }
  *out = v;
  return LIT_OK;
}

/* ---- rounding ---- */

/* value = m * 2^e2 (m != 0), plus sticky (true bits below m). Round to a
 * float with mbits mantissa bits and the given exponent bias; returns the
 * bits without sign. */
static uint64_t round_float(uint64_t m, int64_t e2, bool sticky, int mbits, int bias) {
  while (!(m >> 63)) { m <<= 1; e2--; }
  int64_t E = e2 + 63; /* value = 1.f * 2^E */
  int p = mbits + 1;
  int64_t extra = 0;
  if (E < 1 - bias) extra = (1 - bias) - E;
  if (E > bias + 1) return (uint64_t)(2 * bias + 1) << mbits; /* inf */
  int64_t drop = 64 - p + extra;
  uint64_t kept;
  if (drop > 64) return 0;
  if (drop == 64) {
    kept = 0;
    bool up = (m << 1) != 0 || sticky; /* half bit is m's top bit (1) */
    if (up) kept = 1;
  } else {
    kept = m >> drop;
    uint64_t rem = m & (((uint64_t)1 << drop) - 1);
    uint64_t half = (uint64_t)1 << (drop - 1);
    if (rem > half || (rem == half && (sticky || (kept & 1)))) kept++;
  }
  if (extra > 0) return kept; /* subnormal; a carry into 2^mbits gives the min normal */
  if (kept >> p) { kept >>= 1; E++; }
  if (E > bias) return (uint64_t)(2 * bias + 1) << mbits;
  return ((uint64_t)(E + bias) << mbits) | (kept & (((uint64_t)1 << mbits) - 1));
}

/* ---- bignum for decimal conversion ---- */

#define BN_LIMBS 200
struct bn { uint32_t d[BN_LIMBS]; int n; };

static void bn_set(struct bn *a, uint32_t v) { a->n = v ? 1 : 0; a->d[0] = v; }
static void bn_mul_add(struct bn *a, uint32_t mul, uint32_t add) {
  uint64_t carry = add;
  for (int i = 0; i < a->n; i++) {
    uint64_t t = (uint64_t)a->d[i] * mul + carry;
    a->d[i] = (uint32_t)t;
    carry = t >> 32;
  }
  if (carry && a->n < BN_LIMBS) a->d[a->n++] = (uint32_t)carry;
}
static int bn_bitlen(const struct bn *a) {
  if (a->n == 0) return 0;
  return (a->n - 1) * 32 + (32 - __builtin_clz(a->d[a->n - 1]));
}
static void bn_shl(struct bn *a, int k) {
  if (a->n == 0 || k <= 0) return;
  int w = k / 32, b = k % 32;
  int nn = a->n + w + 1;
  if (nn > BN_LIMBS) nn = BN_LIMBS;
  for (int i = nn - 1; i >= 0; i--) {
    uint64_t hi = (i - w >= 0 && i - w < a->n) ? a->d[i - w] : 0;
    uint64_t lo = (b && i - w - 1 >= 0 && i - w - 1 < a->n) ? a->d[i - w - 1] : 0;
    a->d[i] = (uint32_t)((hi << b) | (b ? lo >> (32 - b) : 0));
  }
  a->n = nn;
  while (a->n && a->d[a->n - 1] == 0) a->n--;
}
static void bn_shr1(struct bn *a) {
  for (int i = 0; i < a->n; i++)
    a->d[i] = (a->d[i] >> 1) | (i + 1 < a->n ? a->d[i + 1] << 31 : 0);
  while (a->n && a->d[a->n - 1] == 0) a->n--;
}
static int bn_cmp(const struct bn *a, const struct bn *b) {
  if (a->n != b->n) return a->n < b->n ? -1 : 1;
  for (int i = a->n - 1; i >= 0; i--)
    if (a->d[i] != b->d[i]) return a->d[i] < b->d[i] ? -1 : 1;
  return 0;
}
static void bn_sub(struct bn *a, const struct bn *b) { /* a -= b, a >= b */
  int64_t borrow = 0;
  for (int i = 0; i < a->n; i++) {
    int64_t t = (int64_t)a->d[i] - (i < b->n ? b->d[i] : 0) - borrow;
    borrow = t < 0;
    a->d[i] = (uint32_t)(t + (borrow ? ((int64_t)1 << 32) : 0));
  }
  while (a->n && a->d[a->n - 1] == 0) a->n--;
}
static void bn_pow10(struct bn *a, int k) {
  bn_set(a, 1);
  while (k >= 9) { bn_mul_add(a, 1000000000u, 0); k -= 9; }
  while (k-- > 0) bn_mul_add(a, 10, 0);
}

#define MAX_DIGITS 800

/* Decimal digits (no leading zeros, ndig >= 1) times 10^e10 -> m*2^e2 + sticky. */
static void decimal_to_bin(const char *dig, int ndig, int64_t e10, uint64_t *m, int64_t *e2,
                           bool *sticky) {
  static __thread struct bn N, T; /* large; keep off the stack */
  bn_set(&N, 0);
  for (int i = 0; i < ndig; i++) bn_mul_add(&N, 10, (uint32_t)(dig[i] - '0'));
  if (e10 >= 0) {
    for (int64_t k = e10; k > 0;) {
      int step = k >= 9 ? 9 : (int)k;
      uint32_t p = 1;
      for (int j = 0; j < step; j++) p *= 10;
      bn_mul_add(&N, p, 0);
      k -= step;
    }
    int bl = bn_bitlen(&N);
    if (bl <= 64) {
      *m = (uint64_t)N.d[0] | (N.n > 1 ? (uint64_t)N.d[1] << 32 : 0);
      *e2 = 0;
      *sticky = false;
      return;
    }
    int sh = bl - 64;
    bool st = false;
    for (int i = 0; i < sh / 32; i++) st |= N.d[i] != 0;
    if (sh % 32) st |= (N.d[sh / 32] & ((1u << (sh % 32)) - 1)) != 0;
    /* extract bits [sh, sh+64) */
    uint64_t v = 0;
    for (int b = 0; b < 64; b += 1) {
      int bit = sh + b;
      if ((N.d[bit / 32] >> (bit % 32)) & 1) v |= (uint64_t)1 << b;
    }
    *m = v;
    *e2 = sh;
    *sticky = st;
    return;
  }
  bn_pow10(&T, (int)-e10);
  int s = 63 + bn_bitlen(&T) - bn_bitlen(&N);
  if (s >= 0) bn_shl(&N, s);
  else bn_shl(&T, -s);
  bn_shl(&T, 63);
  uint64_t q = 0;
  for (int i = 63; i >= 0; i--) {
    if (bn_cmp(&N, &T) >= 0) { bn_sub(&N, &T); q |= (uint64_t)1 << i; }
    bn_shr1(&T);
  }
  *m = q;
  *e2 = -s;
  *sticky = N.n != 0;
}

/* Parse a float literal into bits for (mbits, bias, ebits). */
static enum lit_status parse_float(const char *s, size_t n, int mbits, int bias, uint64_t *out) {
  bool neg = false;
  if (n && (s[0] == '+' || s[0] == '-')) { neg = s[0] == '-'; s++; n--; }
  uint64_t sign = neg ? (uint64_t)1 << (mbits + (bias == 127 ? 8 : 11)) : 0;
  uint64_t inf = (uint64_t)(2 * bias + 1) << mbits;
  if (n == 3 && memcmp(s, "inf", 3) == 0) { *out = sign | inf; return LIT_OK; }
  if (n == 3 && memcmp(s, "nan", 3) == 0) { *out = sign | inf | ((uint64_t)1 << (mbits - 1)); return LIT_OK; }
  if (n > 4 && memcmp(s, "nan:", 4) == 0) {
    if (n < 7 || s[4] != '0' || s[5] != 'x') return LIT_MALFORMED;
    uint64_t pl;
    bool ovf = false;
    size_t k = scan_digits(s + 6, n - 6, 16, &pl, &ovf);
    if (k == 0 || k != n - 6) return LIT_MALFORMED;
    if (ovf || pl == 0 || pl >= ((uint64_t)1 << mbits)) return LIT_RANGE;
    *out = sign | inf | pl;
    return LIT_OK;
  }
  bool hex = n >= 2 && s[0] == '0' && s[1] == 'x';
  size_t i = hex ? 2 : 0;
  int base = hex ? 16 : 10;
  /* Mantissa digits: integer part, optional '.', optional fraction part. */
  char dig[MAX_DIGITS + 2];
  int ndig = 0;
  bool trunc_nonzero = false;
  int64_t dropped_int = 0; /* integer digits beyond the kept ones */
  int64_t frac_kept = 0;   /* fraction digits kept */
  uint64_t hm = 0;         /* hex mantissa */
  int64_t hexp = 0;
  bool hsticky = false;
  for (int part = 0; part < 2; part++) {
    bool prev_digit = false, any = false;
    while (i < n) {
      char ch = s[i];
      if (ch == '_') {
        if (!prev_digit || i + 1 >= n || hexval((unsigned char)s[i + 1]) < 0 ||
            hexval((unsigned char)s[i + 1]) >= base)
          return LIT_MALFORMED;
        prev_digit = false;
        i++;
        continue;
      }
      int d = hexval((unsigned char)ch);
      if (d < 0 || d >= base) break;
      prev_digit = any = true;
      i++;
      if (hex) {
        if (hm >> 60) {
          hsticky |= d != 0;
          if (part == 0) hexp += 4;
        } else {
          hm = hm * 16 + (uint64_t)d;
          if (part == 1) hexp -= 4;
        }
      } else {
        if (ndig == 0 && d == 0) { if (part == 1) frac_kept++; continue; }
        if (ndig < MAX_DIGITS) { dig[ndig++] = (char)('0' + d); if (part == 1) frac_kept++; }
        else { trunc_nonzero |= d != 0; if (part == 0) dropped_int++; }
      }
    }
    if (part == 0) {
      if (!any) return LIT_MALFORMED;
      if (i < n && s[i] == '.') { i++; continue; }
      break;
    }
  }
  int64_t exp = 0;
  if (i < n && ((hex && (s[i] == 'p' || s[i] == 'P')) || (!hex && (s[i] == 'e' || s[i] == 'E')))) {
    i++;
    bool eneg = false;
    if (i < n && (s[i] == '+' || s[i] == '-')) { eneg = s[i] == '-'; i++; }
    uint64_t ev = 0;
    bool ovf = false;
    size_t k = scan_digits(s + i, n - i, 10, &ev, &ovf);
    if (k == 0) return LIT_MALFORMED;
    i += k;
    if (ovf || ev > 100000000) ev = 100000000;
    exp = eneg ? -(int64_t)ev : (int64_t)ev;
  }
  if (i != n) return LIT_MALFORMED;
  uint64_t m;
  int64_t e2;
  bool sticky;
  if (hex) {
    if (hm == 0) { *out = sign; return LIT_OK; }
    m = hm;
    e2 = hexp + exp;
    sticky = hsticky;
  } else {
    if (ndig == 0) { *out = sign; return LIT_OK; }
    if (trunc_nonzero && ndig < MAX_DIGITS + 1) dig[ndig++] = '1', frac_kept++;
    int64_t e10 = exp + dropped_int - frac_kept;
    int64_t eff = ndig + e10;
    if (eff > 320) { *out = sign | inf; return LIT_RANGE; }
    if (eff < -400) { *out = sign; return LIT_OK; }
    decimal_to_bin(dig, ndig, e10, &m, &e2, &sticky);
  }
  if (e2 > 100000) e2 = 100000;
  if (e2 < -100000) e2 = -100000;
  uint64_t bits = round_float(m, e2, sticky, mbits, bias);
  if (bits == inf) return LIT_RANGE; /* finite literal rounding to infinity */
  *out = sign | bits;
  return LIT_OK;
}

enum lit_status lit_f32(const char *s, size_t n, uint32_t *out) {
  uint64_t b = 0;
  enum lit_status st = parse_float(s, n, 23, 127, &b);
  *out = (uint32_t)b;
  return st;
}

enum lit_status lit_f64(const char *s, size_t n, uint64_t *out) {
  return parse_float(s, n, 52, 1023, out);
}
