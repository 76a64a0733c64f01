# fluxlint_module(NAME DEPS ...): a static library fluxlint_NAME from src/NAME/*.cc
# (tests excluded). A stage with no sources yet becomes an INTERFACE library.
set_property(GLOBAL PROPERTY FLUXLINT_MODULES "")

function(fluxlint_module name)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cc)
  list(FILTER srcs EXCLUDE REGEX "_test\\.cc$")
  if(srcs)
    add_library(fluxlint_${name} STATIC ${srcs})
    target_include_directories(fluxlint_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
    target_link_libraries(fluxlint_${name} PUBLIC ${ARG_DEPS})
  else()
    add_library(fluxlint_${name} INTERFACE)
    target_include_directories(fluxlint_${name} INTERFACE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR})
    target_link_libraries(fluxlint_${name} INTERFACE ${ARG_DEPS})
  endif()
  set_property(GLOBAL APPEND PROPERTY FLUXLINT_MODULES ${name})
endfunction()

# One test binary per stage: fluxlint_NAME_test from src/NAME/*_test.cc.
function(fluxlint_add_module_tests)
  get_property(modules GLOBAL PROPERTY FLUXLINT_MODULES)
  foreach(name ${modules})
    file(GLOB tests CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*_test.cc)
    if(tests)
      add_executable(fluxlint_${name}_test ${tests})
      target_link_libraries(fluxlint_${name}_test PRIVATE fluxlint_${name} GTest::gtest GTest::gtest_main)
      target_compile_definitions(fluxlint_${name}_test PRIVATE
        FLUXLINT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
      gtest_discover_tests(fluxlint_${name}_test DISCOVERY_MODE PRE_TEST
                           PROPERTIES ENVIRONMENT "FLUXLINT_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    endif()
  endforeach()
endfunction()
