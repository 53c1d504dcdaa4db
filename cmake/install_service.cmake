# Runs at install time (install(SCRIPT) in packaging.cmake, after LW_SOURCE_DIR, LW_BINDIR and
# LW_DOCDIR are set): the systemd unit with the installed paths filled in, and the config, which
# an install never overwrites. Under the /usr prefix the config goes to /etc (GNUInstallDirs' rule).
set(lw_prefix "${CMAKE_INSTALL_PREFIX}")
if(lw_prefix STREQUAL "/usr")
  set(lw_etc /etc)
else()
  set(lw_etc "${lw_prefix}/etc")
endif()

file(READ "${LW_SOURCE_DIR}/deploy/leakwatch.service.in" lw_unit)
string(REPLACE "@BINDIR@" "${lw_prefix}/${LW_BINDIR}" lw_unit "${lw_unit}")
string(REPLACE "@SYSCONFDIR@" "${lw_etc}" lw_unit "${lw_unit}")
string(REPLACE "@DOCDIR@" "${lw_prefix}/${LW_DOCDIR}" lw_unit "${lw_unit}")
set(lw_unit_file "$ENV{DESTDIR}${lw_prefix}/lib/systemd/system/leakwatch.service")
message(STATUS "Installing: ${lw_unit_file}")
file(WRITE "${lw_unit_file}" "${lw_unit}")

set(lw_conf_dir "$ENV{DESTDIR}${lw_etc}/leakwatch")
if(EXISTS "${lw_conf_dir}/leakwatch.yaml")
  message(STATUS "Keeping: ${lw_conf_dir}/leakwatch.yaml (an install never overwrites a config)")
else()
  # file(INSTALL) puts DESTDIR in front of the destination itself.
  file(INSTALL "${LW_SOURCE_DIR}/deploy/leakwatch.yaml" DESTINATION "${lw_etc}/leakwatch"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
endif()
