# find_package(tradeseal) for an installed tradeseal (scripts/install-c.sh). Imported targets:
#   tradeseal::tradeseal         the shared library (libtradeseal.so)
#   tradeseal::tradeseal_static  the static library (libtradeseal.a) with the system libraries it needs
# Both carry the include directory (tradeseal.h, tradeseal.hpp).
get_filename_component(_tseal_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
if(NOT TARGET tradeseal::tradeseal)
  add_library(tradeseal::tradeseal SHARED IMPORTED)
  set_target_properties(tradeseal::tradeseal PROPERTIES
    IMPORTED_LOCATION "${_tseal_prefix}/lib/libtradeseal.so"
    IMPORTED_NO_SONAME TRUE
    INTERFACE_INCLUDE_DIRECTORIES "${_tseal_prefix}/include")
  add_library(tradeseal::tradeseal_static STATIC IMPORTED)
  set_target_properties(tradeseal::tradeseal_static PROPERTIES
    IMPORTED_LOCATION "${_tseal_prefix}/lib/libtradeseal.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_tseal_prefix}/include"
    INTERFACE_LINK_LIBRARIES "gcc_s;util;rt;pthread;m;dl;c")
endif()
unset(_tseal_prefix)
