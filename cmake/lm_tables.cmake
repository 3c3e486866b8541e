# Plausibility-model tables: generated at build time from the checked-in
# frequency data (data/lm/*.tsv, made by tools/count_lm.py).
file(GLOB UNBAKE_LM_DATA CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/data/lm/*.tsv)
add_custom_command(
  OUTPUT ${UNBAKE_GEN_DIR}/lm_tables.c
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/tools/gen_lm_tables.py
          --data ${CMAKE_SOURCE_DIR}/data/lm --out ${UNBAKE_GEN_DIR}/lm_tables.c
  DEPENDS ${CMAKE_SOURCE_DIR}/tools/gen_lm_tables.py ${UNBAKE_LM_DATA}
  COMMENT "Generating plausibility-model tables (lm_tables.c)"
  VERBATIM)
list(APPEND UNBAKE_GENERATED_SOURCES ${UNBAKE_GEN_DIR}/lm_tables.c)
