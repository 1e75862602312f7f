//! `include/tradeseal.h` must be exactly what the pinned cbindgen generates from this crate, plus the
//! status codes of `tradeseal::Error`. Set `TSEAL_BLESS=1` to rewrite it.

use std::fmt::Write as _;
use std::path::Path;

fn status_codes() -> String {
    let mut out = String::from(
        "/* Status codes (tseal_status): TSEAL_OK or the code of a tradeseal::Error. 1-99: caller mistakes;\n \
         * 100-199: bad or hostile data; 200-299: the environment. Names: tseal_status_name(). */\n\
         enum tseal_status_code {\n  TSEAL_OK = 0,\n",
    );
    for e in tradeseal_core::Error::ALL {
        writeln!(out, "  {} = {},", e.name(), e.code()).unwrap();
    }
    out.push_str("};\n");
    out
}

#[test]
fn committed_header_is_current() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let header_path = crate_dir.join("../include/tradeseal.h");
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).unwrap();
    config.after_includes = Some(status_codes());
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen failed")
        .write(&mut generated);
    let generated = String::from_utf8(generated).unwrap();
    if std::env::var_os("TSEAL_BLESS").is_some() {
        std::fs::write(&header_path, &generated).unwrap();
    }
    // A `#define` named like a status would silently replace that status for every C caller.
    for e in tradeseal_core::Error::ALL {
        assert!(
            !generated.contains(&format!("#define {} ", e.name())),
            "a constant is named like the status {}",
            e.name()
        );
    }
    let committed = std::fs::read_to_string(&header_path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/tradeseal.h is stale. Regenerate it with:\n  TSEAL_BLESS=1 cargo test -p tradeseal-ffi --test header"
    );
}
