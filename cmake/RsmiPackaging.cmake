# Installation of the data files (desktop entry, AppStream metadata, icons, presets, man page) and
# the Debian package: `cmake --build <dir> --target package` writes rsmi-studio_<version>_<arch>.deb.
# The programs themselves are installed by app/CMakeLists.txt.
include(GNUInstallDirs)

# Reverse-DNS application id: names the desktop file, the metainfo file and the icons, so that
# desktops and software centres can match the window, the menu entry and the catalogue entry.
set(RSMI_APP_ID io.github.rsmi_studio.RsmiStudio)
set(RSMI_HOMEPAGE https://github.com/rsmi-studio/rsmi-studio)

install(FILES ${PROJECT_SOURCE_DIR}/packaging/${RSMI_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/${RSMI_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# Debian keeps a package's licence in /usr/share/doc/<package>/copyright.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/rsmi-studio)

# The PNGs are rendered from the SVG by packaging/make-icons.sh and committed: the build needs no
# SVG renderer.
foreach(size IN ITEMS 16 32 48 64 128 256)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/rsmi-studio-${size}.png
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
          RENAME ${RSMI_APP_ID}.png)
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/rsmi-studio.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME ${RSMI_APP_ID}.svg)

# Every preset shipped in the source tree; rsmi::io::presetDirectories() finds them beside the binary.
file(GLOB rsmi_presets CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/resources/presets/*.json)
if(rsmi_presets)
  install(FILES ${rsmi_presets} DESTINATION ${CMAKE_INSTALL_DATADIR}/rsmi-studio/presets)
endif()

# Debian policy wants man pages compressed with `gzip -9n` (-n: no timestamp, reproducible bytes).
find_program(RSMI_GZIP gzip)
if(RSMI_GZIP)
  set(man_page ${CMAKE_CURRENT_BINARY_DIR}/man/rsmi.1)
  add_custom_command(OUTPUT ${man_page}.gz
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/docs/rsmi.1 ${man_page}
    COMMAND ${RSMI_GZIP} -9nf ${man_page}
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/rsmi.1
    COMMENT "Compressing the rsmi man page")
  add_custom_target(rsmi_man_page ALL DEPENDS ${man_page}.gz)
  # The packaging test installs the tree: what it installs must be built before it runs.
  if(TARGET tst_package)
    add_dependencies(tst_package rsmi_man_page)
  endif()
  install(FILES ${man_page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  install(FILES ${PROJECT_SOURCE_DIR}/docs/rsmi.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

# --- CPack: one Debian package holding both programs and the data files --------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rsmi-studio)
set(CPACK_PACKAGE_VENDOR "The RSMI Studio developers")
set(CPACK_PACKAGE_CONTACT "The RSMI Studio developers <rsmi-studio@users.noreply.github.com>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL ${RSMI_HOMEPAGE})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "watch a neural network discover the renormalization group")
# Wrapped by hand: the control file shows the lines as they are (Debian wants them under 80 columns).
set(CPACK_PACKAGE_DESCRIPTION [[
RSMI Studio implements the real-space mutual information (RSMI) algorithm
of Koch-Janusz and Ringel: from Monte Carlo samples of a lattice model
(Ising chain, Ising model on the square lattice, fully packed dimers) it
learns the coarse-graining filter that keeps the most information about
the distant environment, coarse-grains, repeats at the next scale, and
from the resulting renormalization group flow locates the critical point
and the exponent nu.

This package provides the desktop application, rsmi-studio, and its
command-line twin, rsmi, which runs the same computations headless and
reproducibly.]])
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Qt loads these as plugins, so no ELF dependency names them: without the platform plugins
# (qt6-qpa-plugins) no window opens, and without the SVG image and icon-engine plugins
# (libqt6svg6) the SVG icons stay blank.
set(rsmi_plugin_depends "qt6-qpa-plugins, libqt6svg6")
find_program(RSMI_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(RSMI_DPKG_SHLIBDEPS)
  # dpkg-shlibdeps reads the libraries the binaries link (Qt, oneTBB, libstdc++) and appends their
  # packages with the minimum versions the build needs.
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${rsmi_plugin_depends}")
else()
  # Without dpkg-dev: the Debian 12 packages of the libraries the binaries link.
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${rsmi_plugin_depends}, libqt6core6 (>= 6.4), libqt6gui6 (>= 6.4), \
libqt6widgets6 (>= 6.4), libqt6charts6 (>= 6.4), libqt6svg6 (>= 6.4), libtbb12, libstdc++6 (>= 12), \
libgcc-s1, libc6")
endif()

set(CPACK_SOURCE_GENERATOR TXZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/out/" "/\\\\.cache/")
include(CPack)
