# Unit tests: every tests/<layer>/test_*.c is one executable and one ctest test.
file(GLOB_RECURSE RECLAIM_UNIT_TESTS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/tests/*/test_*.c)
foreach(src ${RECLAIM_UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  get_filename_component(dir ${src} DIRECTORY)
  get_filename_component(layer ${dir} NAME)
  add_executable(${layer}_${name} ${src})
  target_link_libraries(${layer}_${name} reclaimcore)
  target_include_directories(${layer}_${name} PRIVATE ${CMAKE_SOURCE_DIR}/tests)
  set_target_properties(${layer}_${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME unit/${layer}/${name} COMMAND ${layer}_${name} WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
endforeach()

# Spec scripts: one test per file listed in tests/spec/scope.txt (paths relative
# to the spec directory). RECLAIM_SPEC_DIR overrides the default ../shared/spec.
if(DEFINED ENV{RECLAIM_SPEC_DIR})
  set(RECLAIM_SPEC_DIR $ENV{RECLAIM_SPEC_DIR})
else()
  get_filename_component(RECLAIM_SPEC_DIR ${CMAKE_SOURCE_DIR}/../shared/spec ABSOLUTE)
endif()
if(EXISTS ${RECLAIM_SPEC_DIR}/bin)
  file(STRINGS ${CMAKE_SOURCE_DIR}/tests/spec/scope.txt RECLAIM_SPEC_FILES REGEX "^[^#]")
  foreach(f ${RECLAIM_SPEC_FILES})
    string(STRIP "${f}" f)
    add_test(NAME spec/${f} COMMAND reclaim wast ${RECLAIM_SPEC_DIR}/${f})
    # The text twin (bin/X.bin.wast -> text/X.wast) is its own test: the same
    # script through the WAT parser must pass just as the bin form does.
    if(f MATCHES "^bin/(.*)\\.bin\\.wast$")
      set(twin "${CMAKE_MATCH_1}.wast")
      if(EXISTS ${RECLAIM_SPEC_DIR}/text/${twin})
        add_test(NAME spec-text/${twin} COMMAND reclaim wast ${RECLAIM_SPEC_DIR}/text/${twin})
      endif()
    endif()
  endforeach()
  file(STRINGS ${CMAKE_SOURCE_DIR}/tests/spec/stress.txt RECLAIM_STRESS_FILES REGEX "^[^#]")
  foreach(f ${RECLAIM_STRESS_FILES})
    string(STRIP "${f}" f)
    add_test(NAME spec-stress/${f} COMMAND reclaim wast --gc-stress ${RECLAIM_SPEC_DIR}/${f})
  endforeach()
  message(STATUS "spec suite: ${RECLAIM_SPEC_DIR}")
else()
  message(STATUS "spec suite not found at ${RECLAIM_SPEC_DIR} (set RECLAIM_SPEC_DIR): spec tests are not run")
endif()

# The command line's text-format features (reclaim run FILE.wat, wat2wasm,
# --version): a shell script driving the built binary.
find_program(RECLAIM_SH bash)
if(RECLAIM_SH)
  add_test(NAME cli/text COMMAND ${RECLAIM_SH} ${CMAKE_SOURCE_DIR}/tests/cli/text_cli.sh)
  set_tests_properties(cli/text PROPERTIES ENVIRONMENT "RECLAIM=$<TARGET_FILE:reclaim>")
endif()

include(${CMAKE_SOURCE_DIR}/tests/wasi/guests.cmake)
include(${CMAKE_SOURCE_DIR}/tests/kotlin/kotlin.cmake)
include(${CMAKE_SOURCE_DIR}/tests/cli/run_cli.cmake)

include(${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake)
