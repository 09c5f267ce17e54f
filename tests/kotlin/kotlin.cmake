# Kotlin/Wasm guests (tests/kotlin/run_kotlin.sh): the shared check script of
# ../shared/guests/kotlin run on `reclaim run` (quick cases). Skipped (exit
# 77) when that folder is absent; RECLAIM_KOTLIN_DIR points elsewhere.
find_program(RECLAIM_KOTLIN_BASH bash)
if(RECLAIM_KOTLIN_BASH)
  add_test(NAME kotlin/guests COMMAND ${RECLAIM_KOTLIN_BASH} ${CMAKE_SOURCE_DIR}/tests/kotlin/run_kotlin.sh)
  set_tests_properties(kotlin/guests PROPERTIES
    ENVIRONMENT "RECLAIM=$<TARGET_FILE:reclaim>"
    SKIP_RETURN_CODE 77
    TIMEOUT 600)
endif()
