# Embeds every rules/<category>/<name>.md as a string in the binary, keyed by the
# rule id <category>-<name with '_' as '-'>. The same text feeds `fluxlint rule`,
# SARIF and docs/rules/.
function(fluxlint_embed_rule_docs out docs)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DROOT=${PROJECT_SOURCE_DIR}/rules "-DDOCS=${docs}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedRuleDocsScript.cmake
    DEPENDS ${docs} ${PROJECT_SOURCE_DIR}/cmake/EmbedRuleDocsScript.cmake
    COMMENT "Embedding rule docs")
endfunction()
