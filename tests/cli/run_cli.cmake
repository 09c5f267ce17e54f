# `reclaim run` options and exit statuses (tests/cli/run_cli.sh).
find_program(RECLAIM_RUN_CLI_BASH bash)
if(RECLAIM_RUN_CLI_BASH)
  add_test(NAME cli/run COMMAND ${RECLAIM_RUN_CLI_BASH} ${CMAKE_SOURCE_DIR}/tests/cli/run_cli.sh)
  set_tests_properties(cli/run PROPERTIES ENVIRONMENT "RECLAIM=$<TARGET_FILE:reclaim>" TIMEOUT 120)
endif()
