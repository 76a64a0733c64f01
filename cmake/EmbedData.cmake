# fluxlint_embed_data(TARGET FILE NAMESPACE FUNCTION): compiles FILE into TARGET as
#   std::string_view NAMESPACE::FUNCTION();
# returning the file's bytes. Regenerated at build time when FILE changes. The same file runs
# as a `cmake -P` script to write the source (see the end of this file).
function(fluxlint_embed_data target file namespace function)
  get_filename_component(name ${file} NAME_WE)
  set(out ${CMAKE_BINARY_DIR}/generated/${name}_data.cc)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DIN=${file} -DNAMESPACE=${namespace}
            -DFUNCTION=${function} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedData.cmake
    DEPENDS ${file} ${PROJECT_SOURCE_DIR}/cmake/EmbedData.cmake
    COMMENT "Embedding ${file}"
    VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()

if(CMAKE_SCRIPT_MODE_FILE AND DEFINED OUT)
  file(READ ${IN} text)
  file(RELATIVE_PATH rel ${CMAKE_CURRENT_LIST_DIR}/.. ${IN})
  set(body "// Generated from ${rel} by cmake/EmbedData.cmake. Do not edit.\n")
  string(APPEND body "#include <string_view>\n\nnamespace ${NAMESPACE} {\n\n")
  string(APPEND body "std::string_view ${FUNCTION}() {\n  static constexpr char kText[] =\n")
  # Chunks: some compilers limit the length of one string literal.
  string(LENGTH "${text}" len)
  set(pos 0)
  while(pos LESS len)
    string(SUBSTRING "${text}" ${pos} 4000 chunk)
    string(APPEND body "      R\"fluxlintdata(${chunk})fluxlintdata\"\n")
    math(EXPR pos "${pos} + 4000")
  endwhile()
  string(APPEND body "      \"\";\n  return {kText, sizeof(kText) - 1};\n}\n\n}  // namespace ${NAMESPACE}\n")
  file(WRITE ${OUT}.tmp "${body}")
  file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
endif()
