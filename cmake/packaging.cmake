# `cmake --install` and a Debian package (cpack -G DEB): the binary, man pages and bash
# completion generated from the binary's own help (deploy/gen_cli_docs.py), the docs, and what
# runs `leakwatch serve` as a system service: the systemd unit, the installed config (a conffile
# in the .deb) and the maintainer scripts that create its user (deploy/README.md).
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

# The unit names the binary and the config by their installed paths, which depend on the prefix
# the install runs with (cpack installs with /usr, `cmake --install` with CMAKE_INSTALL_PREFIX):
# written at install time. With the /usr prefix the config goes to /etc, as GNUInstallDirs does.
install(CODE "set(LW_SOURCE_DIR \"${PROJECT_SOURCE_DIR}\")
  set(LW_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(LW_DOCDIR \"${CMAKE_INSTALL_DOCDIR}\")")
install(SCRIPT ${PROJECT_SOURCE_DIR}/cmake/install_service.cmake)

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
# postinst creates the service's system user with adduser; the unit reloads with procps' kill.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, procps")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/deploy/debian/conffiles ${PROJECT_SOURCE_DIR}/deploy/debian/postinst
    ${PROJECT_SOURCE_DIR}/deploy/debian/prerm ${PROJECT_SOURCE_DIR}/deploy/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# install_service.cmake sees the package's prefix (/usr) only when cpack installs with DESTDIR.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
include(CPack)
