# WASI guest programs: tests/wasi/run_guests.sh builds tests/wasi/guests/*.c
# with clang --target=wasm32-wasi into <build>/wasi-guests and runs each
# through `reclaim run`, comparing stdout and exit status. It exits 77 (ctest:
# skipped) when no wasm32-wasi compiler works, so a machine without one still
# passes (and the test script reports it as skipped, not passed).
option(RECLAIM_WASI_GUEST_TESTS "Run the WASI C guests (tests/wasi/run_guests.sh) through reclaim run" ON)
if(RECLAIM_WASI_GUEST_TESTS)
  find_program(RECLAIM_BASH bash)
  if(RECLAIM_BASH)
    add_test(NAME wasi/guests COMMAND ${RECLAIM_BASH} ${CMAKE_SOURCE_DIR}/tests/wasi/run_guests.sh)
    set_tests_properties(wasi/guests PROPERTIES
      ENVIRONMENT "RECLAIM=$<TARGET_FILE:reclaim>;GUEST_BUILD_DIR=${CMAKE_BINARY_DIR}/wasi-guests"
      SKIP_RETURN_CODE 77
      TIMEOUT 600)
  else()
    message(STATUS "bash not found: WASI guest tests are not run")
  endif()
endif()
