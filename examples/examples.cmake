# The retention-pattern examples (examples/pattern*.c): each is a program
# using only wasm.h + reclaim.h (and the WAT encoder to load alloc.wat), run
# as a test. An example prints "example OK: <verdict>" and exits 0 only when
# its own expectation holds; the regex checks the verdict it must reach.
set(RECLAIM_EXAMPLES
  "pattern1_fresh_store|verdict: bounded \\(fresh store per call\\)"
  "pattern2_reuse_instance|verdict: bounded \\(one instance reused\\)"
  "pattern3_cached_export|verdict: bounded \\(cached export, 1 owned root\\)"
  "pattern4_callback_registry|verdict: grows, held by \"callback registry\", then released"
  "pattern5_work_queue|verdict: grows, held by \"work queue\", then drained")
foreach(entry ${RECLAIM_EXAMPLES})
  string(REPLACE "|" ";" parts "${entry}")
  list(GET parts 0 name)
  list(GET parts 1 regex)
  add_executable(example_${name} ${CMAKE_SOURCE_DIR}/examples/${name}.c)
  target_link_libraries(example_${name} reclaimcore)
  set_target_properties(example_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/examples)
  # Under ASan a store costs ~4 ms (poisoning its heap): pattern 1 runs
  # 10,000 calls there instead of 100,000.
  set(calls 100000)
  if(RECLAIM_SANITIZE AND name STREQUAL "pattern1_fresh_store")
    set(calls 10000)
  endif()
  add_test(NAME example/${name} COMMAND example_${name} ${CMAKE_SOURCE_DIR}/examples/alloc.wat ${calls})
  set_tests_properties(example/${name} PROPERTIES PASS_REGULAR_EXPRESSION "example OK: ${regex}")
endforeach()

set(doctor_calls 20000)
if(RECLAIM_SANITIZE)
  set(doctor_calls 4000)
endif()
# `reclaim doctor` on alloc.wat: the three non-retaining patterns are
# bounded, the registry and the queue grow and are named as the holders; a
# guest-side leak (alloc_keep's global list) is named "globals".
add_test(NAME doctor/alloc COMMAND reclaim doctor ${CMAKE_SOURCE_DIR}/examples/alloc.wat --export alloc
         --calls ${doctor_calls} --svg ${CMAKE_BINARY_DIR}/doctor_alloc.svg)
set_tests_properties(doctor/alloc PROPERTIES PASS_REGULAR_EXPRESSION
  "1  fresh store +0\\.0 bounded +-.*2  reused instance +0\\.0 bounded +-.*3  cached export +0\\.0 bounded +-.*4  callback registry +128\\.0 grows +\"callback registry\".*5  work queue +128\\.0 grows +\"work queue\".*chart: ")
add_test(NAME doctor/alloc_keep COMMAND reclaim doctor ${CMAKE_SOURCE_DIR}/examples/alloc.wat --export alloc_keep
         --calls 4000)
set_tests_properties(doctor/alloc_keep PROPERTIES PASS_REGULAR_EXPRESSION
  "1  fresh store +0\\.0 bounded.*2  reused instance +128\\.0 grows +\"globals\".*3  cached export +128\\.0 grows +\"globals\"")
add_test(NAME doctor/heap_limit COMMAND reclaim doctor ${CMAKE_SOURCE_DIR}/examples/alloc.wat --export alloc
         --calls 12000 --gc-heap-max 1M)
set_tests_properties(doctor/heap_limit PROPERTIES PASS_REGULAR_EXPRESSION
  "GC heap out of memory at call [0-9]+.*growth per call: 128\\.0 bytes   verdict: grows.*top retainers: \"callback registry\"")
