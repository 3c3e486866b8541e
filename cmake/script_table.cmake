# Script table: tools/gen_script_table.c writes the Basic Multilingual
# Plane's script classes, from the ranges in src/script.c, to
# ${UNBAKE_GEN_DIR}/script_table.c at build time.
add_executable(gen_script_table ${CMAKE_SOURCE_DIR}/tools/gen_script_table.c)
# a build tool: no sanitizer flags (test_script checks the table under them)
set_property(TARGET gen_script_table PROPERTY COMPILE_OPTIONS "")
set_property(TARGET gen_script_table PROPERTY LINK_OPTIONS "")
target_include_directories(gen_script_table PRIVATE ${CMAKE_SOURCE_DIR}/src)
target_compile_options(gen_script_table PRIVATE ${UNBAKE_WARNINGS})

add_custom_command(
  OUTPUT ${UNBAKE_GEN_DIR}/script_table.c
  COMMAND gen_script_table ${UNBAKE_GEN_DIR}/script_table.c
  DEPENDS gen_script_table
  COMMENT "Generating the script table"
  VERBATIM)

list(APPEND UNBAKE_GENERATED_SOURCES ${UNBAKE_GEN_DIR}/script_table.c)
