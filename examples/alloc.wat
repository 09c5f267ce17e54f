;; A small GC module for the retention-pattern examples and `reclaim doctor`.
;; Every call of "alloc" allocates a node (a struct) holding a 64-byte array:
;; 128 bytes of GC heap per call, which stay live only as long as something
;; holds the node.
(module
  (type $bytes (array (mut i8)))
  (type $node (struct (field $id (mut i32))
                      (field $data (ref $bytes))
                      (field $next (mut (ref null $node)))))

  (global $count (mut i32) (i32.const 0))
  (global $kept (mut (ref null $node)) (ref.null $node))

  ;; A fresh node; the module keeps nothing.
  (func $alloc (export "alloc") (result (ref $node))
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (struct.new $node (global.get $count)
                      (array.new_default $bytes (i32.const 64))
                      (ref.null $node)))

  ;; A fresh node the module also links into a global list: a guest-side
  ;; leak (the retention report names "globals").
  (func (export "alloc_keep") (result (ref $node))
    (local $n (ref $node))
    (local.set $n (call $alloc))
    (struct.set $node $next (local.get $n) (global.get $kept))
    (global.set $kept (local.get $n))
    (local.get $n))

  (func (export "release_kept") (global.set $kept (ref.null $node)))

  ;; Processing a node (the examples' consumers): its id.
  (func (export "id") (param $n (ref $node)) (result i32)
    (struct.get $node $id (local.get $n)))

  (func (export "count") (result i32) (global.get $count))
)
