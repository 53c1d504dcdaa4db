# `cmake --install` and a Debian package (cpack -G DEB): the binary, man pages and bash
# completion generated from the binary's own help (deploy/gen_cli_docs.py), and the docs.
include(GNUInstallDirs)
find_package(Python3 REQUIRED COMPONENTS Interpreter)

set(LW_CLI_DOCS_DIR ${PROJECT_BINARY_DIR}/cli-docs)
add_custom_command(
  OUTPUT ${LW_CLI_DOCS_DIR}/stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${LW_CLI_DOCS_DIR}/man ${LW_CLI_DOCS_DIR}/completion
  COMMAND Python3::Interpreter ${PROJECT_SOURCE_DIR}/deploy/gen_cli_docs.py
          $<TARGET_FILE:leakwatch> ${LW_CLI_DOCS_DIR}
  COMMAND ${CMAKE_COMMAND} -E touch ${LW_CLI_DOCS_DIR}/stamp
  DEPENDS leakwatch ${PROJECT_SOURCE_DIR}/deploy/gen_cli_docs.py
  COMMENT "Man pages and bash completion from leakwatch --help")
add_custom_target(lw_cli_docs ALL DEPENDS ${LW_CLI_DOCS_DIR}/stamp)

install(TARGETS leakwatch RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${LW_CLI_DOCS_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${LW_CLI_DOCS_DIR}/completion/leakwatch
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
file(GLOB lw_user_docs ${PROJECT_SOURCE_DIR}/docs/*.md ${PROJECT_SOURCE_DIR}/docs/*.yaml)
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${lw_user_docs}
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME leakwatch)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "leakwatch maintainers <leakwatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "find data stores reachable without authentication, prove it, classify what leaks")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Library dependencies from the binary's own links (dpkg-shlibdeps).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
