# Embeds every rules/<category>/<name>.md as a string in the binary, keyed by the
# rule id <category>-<name with '_' as '-'>. The same text feeds `fluxlint rule`,
# SARIF and docs/rules/.
function(fluxlint_embed_rule_docs out docs)
  # The list goes through a file: a ';'-separated list on a command line is split by the shell.
  file(CONFIGURE OUTPUT ${out}.list CONTENT "${docs}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DLIST=${out}.list -DROOT=${PROJECT_SOURCE_DIR}/rules
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedRuleDocsScript.cmake
    DEPENDS ${docs} ${out}.list ${PROJECT_SOURCE_DIR}/cmake/EmbedRuleDocsScript.cmake
    COMMENT "Embedding rule docs"
    VERBATIM)
endfunction()
