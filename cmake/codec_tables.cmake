# Codec tables: tools/gen_codec_tables.c enumerates ICU's converters and
# glibc iconv at build time and writes ${UNBAKE_GEN_DIR}/codec_tables.c.
# ICU is a build-time dependency of the generator only; the library does
# not link it.
pkg_check_modules(ICU REQUIRED icu-uc)

add_executable(gen_codec_tables ${CMAKE_SOURCE_DIR}/tools/gen_codec_tables.c)
# A build tool, not part of what ships: it is built without the sanitizer
# flags the top level may add (it runs once and exits; its tables are
# checked by test_codec, which does run under the sanitizers).
set_property(TARGET gen_codec_tables PROPERTY COMPILE_OPTIONS "")
set_property(TARGET gen_codec_tables PROPERTY LINK_OPTIONS "")
target_include_directories(gen_codec_tables PRIVATE ${ICU_INCLUDE_DIRS})
target_compile_options(gen_codec_tables PRIVATE ${UNBAKE_WARNINGS} ${ICU_CFLAGS_OTHER})
target_link_directories(gen_codec_tables PRIVATE ${ICU_LIBRARY_DIRS})
target_link_libraries(gen_codec_tables PRIVATE ${ICU_LIBRARIES})

add_custom_command(
  OUTPUT ${UNBAKE_GEN_DIR}/codec_tables.c
  COMMAND gen_codec_tables ${UNBAKE_GEN_DIR}/codec_tables.c
  DEPENDS gen_codec_tables
  COMMENT "Generating codec tables from ICU and iconv"
  VERBATIM)

list(APPEND UNBAKE_GENERATED_SOURCES ${UNBAKE_GEN_DIR}/codec_tables.c)
