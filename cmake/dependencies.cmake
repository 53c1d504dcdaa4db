# Every third-party dependency is a Debian package that scripts/setup installs.
find_package(Threads REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(GTest REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(tl-expected REQUIRED)
find_package(PkgConfig REQUIRED)

add_library(lw_asio INTERFACE)
target_compile_definitions(lw_asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED)
target_link_libraries(lw_asio INTERFACE Threads::Threads)
