# libFuzzer targets (scripts/fuzz.sh builds and runs them in build-fuzz):
#   fuzz_text  the WAT and WAST parsers (tests/fuzz/fuzz_text.c)
#   fuzz_seed  writes its seed corpus and dictionary from the spec text scripts
# Only with -DRECLAIM_FUZZ=ON and clang. The library is then compiled with
# coverage instrumentation (-fsanitize=fuzzer-no-link) and ASan+UBSan, and
# everything linking it gets the sanitizer runtimes.
option(RECLAIM_FUZZ "Build the libFuzzer targets in tests/fuzz (clang only; see scripts/fuzz.sh)" OFF)
if(RECLAIM_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(WARNING "RECLAIM_FUZZ needs clang (-DCMAKE_C_COMPILER=clang): fuzz targets are not built")
  else()
    set(RECLAIM_FUZZ_SAN -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_compile_options(reclaimcore PUBLIC ${RECLAIM_FUZZ_SAN})
    target_compile_options(reclaimcore PRIVATE -fsanitize=fuzzer-no-link)
    target_link_options(reclaimcore INTERFACE -fsanitize=address,undefined)
    add_executable(fuzz_text ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_text.c)
    target_compile_options(fuzz_text PRIVATE -fsanitize=fuzzer)
    target_link_options(fuzz_text PRIVATE -fsanitize=fuzzer)
    add_executable(fuzz_seed ${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_seed.c)
    foreach(t fuzz_text fuzz_seed)
      target_link_libraries(${t} reclaimcore)
      set_target_properties(${t} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
    endforeach()
    message(STATUS "fuzz targets: fuzz_text, fuzz_seed")
  endif()
endif()
