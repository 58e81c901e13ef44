# The flags the shipped wasm is built with, sourced by scripts/trunk.sh and the size benches
# (bench/reader-sizes.sh, bench/yew-floor.sh). The standard library is rebuilt for size (the
# rust-src component, which scripts/setup.sh adds): a panic aborts at once, with no message
# machinery, location strings or Debug formatting compiled in; a panic under `panic = "abort"`
# already ended the same way, as a trap the loader reports. These are unstable flags of the
# stable toolchain (allowed by RUSTC_BOOTSTRAP), set only where this file is sourced; every other
# build and test uses plain stable. If a Rust release changes them, the build fails rather than
# quietly shipping a bigger wasm.
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zfmt-debug=none -Zlocation-detail=none"
