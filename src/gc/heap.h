/* Internal layout of the GC heap, shared by heap.c (blocks, allocation),
 * collect.c (marking, sweeping), verify.c and stats.c. Not for other layers:
 * they use gc.h.
 *
 * Memory comes from the OS in *regions*: 2 MiB, 2 MiB-aligned mmaps of 64
 * blocks of 32 KiB. Block 0 of a region holds the region's metadata (struct
 * region, with one struct block descriptor per block); blocks 1..63 hold
 * objects. So an object's block descriptor is found by address arithmetic:
 * region = addr & ~(2 MiB - 1), block = (addr >> 15) & 63.
 *
 * A block in use holds cells of ONE size class (16 bytes .. 32 KiB). Its mark
 * bitmap (one bit per cell) is both the result of the last collection and
 * the allocation map until the next one: an unmarked cell is free unless the
 * allocator has handed it out since the collection (cell < cursor). Objects
 * larger than GC_SMALL_MAX live in their own mmap (struct large). */
#ifndef RECLAIM_GC_HEAP_H
#define RECLAIM_GC_HEAP_H

#include "gc/gc.h"

/* Under AddressSanitizer, free cells and empty blocks are poisoned, and an
 * allocated object is unpoisoned only up to its size, so a use of a
 * reclaimed object (an unrooted reference kept across a collection) or an
 * access past an array's end is reported at the faulting access. */
#if defined(__SANITIZE_ADDRESS__)
#define GC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GC_ASAN 1
#endif
#endif
#ifdef GC_ASAN
#include <sanitizer/asan_interface.h>
#define GC_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define GC_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define GC_POISON(p, n) ((void)(p), (void)(n))
#define GC_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define GC_BLOCK_SHIFT 15
#define GC_BLOCK_SIZE ((size_t)1 << GC_BLOCK_SHIFT)       /* 32 KiB */
#define GC_REGION_SHIFT 21
#define GC_REGION_SIZE ((size_t)1 << GC_REGION_SHIFT)     /* 2 MiB */
#define GC_REGION_BLOCKS (GC_REGION_SIZE / GC_BLOCK_SIZE) /* 64, block 0 = metadata */
#define GC_GRANULE 16                                      /* object alignment and smallest cell */
#define GC_SMALL_MAX GC_BLOCK_SIZE                         /* larger objects get their own mapping */
#define GC_MAX_CELLS (GC_BLOCK_SIZE / GC_GRANULE)          /* 2048 */
#define GC_MARK_WORDS (GC_MAX_CELLS / 64)                  /* 32 */
#define GC_NCLASSES 35

/* gc_obj.gcbits */
#define GCB_LARGE 1u /* object lives in its own mapping (struct large) */
#define GCB_MARK 2u  /* large objects only: marked in the current collection */

enum block_state {
  BS_UNCOMMITTED, /* no physical pages (never touched or madvise'd away); contents read as zero */
  BS_FREE,        /* empty, pages kept resident for the next cycle (contents are garbage) */
  BS_USED,        /* holds cells of one size class */
};

struct block {
  uint64_t marks[GC_MARK_WORDS]; /* bit per cell: marked by the last collection */
  struct block *next;            /* link in a class sweep list or the free/uncommitted list */
  uint8_t *base;                 /* first byte of the block */
  uint32_t cell;                 /* cell size (BS_USED) */
  uint32_t recip;                /* ceil(2^32 / cell): cell index = (offset * recip) >> 32 */
  uint32_t ncells;
  uint32_t live;                 /* cells marked by the last collection */
  uint32_t cursor;               /* cells [0, cursor) were consumed by the allocator since then */
  uint8_t cls;
  uint8_t state;                 /* enum block_state */
  bool stale;                    /* BS_UNCOMMITTED only: pages still resident from a freed heap
                                    (a pooled region, gc.h), contents garbage, not zero */
};

struct region {
  uint8_t *base; /* == (uint8_t *)this */
  uint32_t nused; /* blocks in BS_USED after the last sweep (bookkeeping for release) */
  struct block blocks[GC_REGION_BLOCKS]; /* [0] unused: that block is this metadata */
};

/* Allocation state of one size class: the block being allocated from, the
 * bitmap word being consumed, and the blocks left to allocate from. */
struct sizeclass {
  uint64_t bits;       /* free cells left in the current word: bit i = cell word*64 + i */
  uint8_t *word_base;  /* address of cell word*64 of the current block */
  uint32_t cell;
  uint32_t word;       /* current word index in cur */
  bool zeroed;         /* cur came from uncommitted memory: free cells are all zero */
  struct block *cur;   /* NULL: no current block */
  struct block *sweep; /* blocks with live cells and free cells, not yet allocated from */
};

/* A large object: header, then the gc_obj, in one private mapping. */
struct large {
  struct large *prev, *next;
  size_t map_size;
  size_t obj_size; /* header + payload of the gc_obj that follows */
};
#define LARGE_OBJ(l) ((struct gc_obj *)((uint8_t *)(l) + sizeof(struct large)))
#define OBJ_LARGE(o) ((struct large *)((uint8_t *)(o) - sizeof(struct large)))

/* Open-addressing set of addresses (linear probing, backward-shift delete). */
struct gc_ptrset {
  uintptr_t *slots; /* 0 = empty */
  size_t mask, len;
};

struct mark_entry {
  struct gc_obj *obj;
  uint32_t from; /* arrays: first element still to scan */
};

struct gc_heap {
  struct sizeclass classes[GC_NCLASSES];
  uint8_t class_of[GC_SMALL_MAX / GC_GRANULE + 1]; /* (size + 15) / 16 -> class */

  struct gc_config cfg;       /* defaults filled in */
  gc_roots_fn roots;
  void *roots_ud;
  gc_type_check_fn type_known;
  void *type_known_ud;

  RC_VEC(struct region *) regions;
  uintptr_t *rtab;   /* open-addressing set of region bases: is an address in a block? */
  size_t rtab_mask;  /* capacity - 1; capacity >= 2 * regions */
  struct block *free_blocks;        /* BS_FREE */
  struct block *uncommitted_blocks; /* BS_UNCOMMITTED, in mapped regions */
  struct large *large;              /* all large objects */
  struct gc_ptrset large_set;       /* their gc_obj addresses */
  uint64_t stray_refs;              /* traced words that were not objects of this heap (a runtime bug) */

  uint64_t committed_bytes; /* blocks in BS_FREE or BS_USED */
  uint64_t large_bytes;     /* mapped bytes of large objects */

  /* Trigger: collect when bytes_allocated - allocated_at_gc >= budget. */
  uint64_t budget;
  uint64_t allocated_at_gc;
  uint64_t hole_bytes; /* free cells in partly live blocks after the last sweep */

  /* Marking */
  struct mark_entry *stack;
  size_t stack_len, stack_cap;
  bool stack_overflow;
  bool in_gc;
  uint64_t mark_bytes, mark_objects; /* marked so far in this collection */
  gc_root_filter_fn filter;          /* gc_collect_retained: roots traced last */
  void *filter_ud;
  gc_root_group_fn attr_group;       /* gc_collect_attributed: group of each root slot */
  void *attr_ud;
  gc_oom_fn oom;                     /* gc_set_oom_hook */
  void *oom_ud;
  void *verify_ctx; /* verify.c's state while gc_verify runs */

  struct gc_stats stats;
};

/* Block descriptor of a small object's address. */
static inline struct block *gc_block_of(const void *p) {
  struct region *r = (struct region *)((uintptr_t)p & ~(uintptr_t)(GC_REGION_SIZE - 1));
  return &r->blocks[((uintptr_t)p >> GC_BLOCK_SHIFT) & (GC_REGION_BLOCKS - 1)];
}
static inline uint32_t gc_cell_index(const struct block *b, const void *p) {
  return (uint32_t)(((uint64_t)((const uint8_t *)p - b->base) * b->recip) >> 32);
}
static inline bool gc_is_large(const struct gc_obj *o) { return (o->gcbits & GCB_LARGE) != 0; }

static inline size_t gc_rtab_hash(uintptr_t base, size_t mask) {
  return (size_t)(((uint64_t)(base >> GC_REGION_SHIFT) * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}
static inline size_t gc_ptr_hash(uintptr_t p, size_t mask) {
  return (size_t)(((uint64_t)(p >> 4) * 0x9E3779B97F4A7C15ull) >> 32) & mask;
}
static inline bool gc_ptrset_has(const struct gc_ptrset *s, uintptr_t p) {
  if (!s->len) return false;
  for (size_t i = gc_ptr_hash(p, s->mask);; i = (i + 1) & s->mask) {
    if (s->slots[i] == p) return true;
    if (s->slots[i] == 0) return false;
  }
}

/* Does p point into one of h's regions (so it is a small object, if it is an
 * object at all)? Answers without touching the object itself. */
static inline bool gc_in_region(const struct gc_heap *h, uintptr_t p) {
  uintptr_t base = p & ~(uintptr_t)(GC_REGION_SIZE - 1);
  if (!h->rtab) return false;
  for (size_t i = gc_rtab_hash(base, h->rtab_mask);; i = (i + 1) & h->rtab_mask) {
    if (h->rtab[i] == base) return true;
    if (h->rtab[i] == 0) return false;
  }
}

/* Zero a payload. The cell extends to a 16-byte boundary past the object,
 * so small payloads are cleared in whole granules with inline stores rather
 * than a libc call (except under ASan, where bytes past the object are
 * poisoned). */
static inline void gc_zero_payload(uint8_t *p, size_t n) {
#ifndef GC_ASAN
  if (n <= 48) {
    uint64_t *q = (uint64_t *)p;
    switch ((n + 15) / 16) {
    case 3: q[4] = 0; q[5] = 0; /* fall through */
    case 2: q[2] = 0; q[3] = 0; /* fall through */
    case 1: q[0] = 0; q[1] = 0; /* fall through */
    default: break;
    }
    return;
  }
#endif
  memset(p, 0, n);
}

static inline struct sizeclass *gc_class_for(struct gc_heap *h, size_t payload_bytes) {
  size_t size = sizeof(struct gc_obj) + payload_bytes; /* <= GC_SMALL_MAX */
  return &h->classes[h->class_of[(size + GC_GRANULE - 1) / GC_GRANULE]];
}

/* The allocation fast path proper: take the next free cell of sc (sc->bits
 * must be non-zero), zero the payload, store the header. */
static inline struct gc_obj *gc_pop_cell(struct gc_heap *h, struct sizeclass *sc, const struct typeinfo *ti,
                                         size_t payload_bytes, uint32_t len) {
  uint64_t bits = sc->bits;
  struct gc_obj *o = (struct gc_obj *)(sc->word_base + (size_t)__builtin_ctzll(bits) * sc->cell);
  sc->bits = bits & (bits - 1);
  GC_UNPOISON(o, sizeof(struct gc_obj) + payload_bytes);
  if (!sc->zeroed) gc_zero_payload(GC_PAYLOAD(o), payload_bytes);
  o->ti = ti;
  o->gcbits = 0;
  o->len = len;
  h->stats.bytes_allocated += sc->cell;
  h->stats.objects_allocated++;
  return o;
}

/* heap.c */
void gc_heap_reset_classes(struct gc_heap *h);   /* forget allocation state (before marking) */
void gc_heap_release(struct gc_heap *h, uint64_t keep); /* after sweeping: rebuild block lists, return memory */
void gc_large_free(struct gc_heap *h, struct large *l);
/* Call fn for every small object whose mark bit is set, with its cell size
 * (after marking: the reachable ones; after sweeping: the survivors). */
void gc_each_marked_cell(struct gc_heap *h, void (*fn)(struct gc_heap *h, struct gc_obj *o, uint32_t cell, void *ud),
                         void *ud);
void gc_ptrset_add(struct gc_ptrset *s, uintptr_t p);
void gc_ptrset_remove(struct gc_ptrset *s, uintptr_t p);
uint32_t gc_block_cursor(const struct gc_heap *h, const struct block *b); /* live cursor of b */

/* collect.c */
void gc_collect_inner(struct gc_heap *h);
/* A collection; roots for which filter(slot) holds are traced last and what
 * only they reach is measured (filter may be NULL). */
void gc_collect_filtered(struct gc_heap *h, gc_root_filter_fn filter, void *ud, uint64_t *only_bytes,
                         uint64_t *only_objects);
size_t gc_required_size(const struct gc_obj *o); /* header + payload its typeinfo needs */

/* retain.c: gc_collect_attributed's marking (replaces the normal marking
 * when h->attr_group is set). Object owners live in gcbits above the two
 * flag bits, only during that collection. */
void gc_attr_mark(struct gc_heap *h);
/* heap.c: allocation failing at the heap limit (runs the OOM hook). */
struct gc_obj *gc_alloc_fail(struct gc_heap *h, size_t payload_bytes);

/* stats.c */
uint64_t gc_now_ns(void);
void gc_stats_pause(struct gc_heap *h, uint64_t ns);

/* verify.c */
size_t gc_verify_inner(struct gc_heap *h, bool after_gc);

#endif
