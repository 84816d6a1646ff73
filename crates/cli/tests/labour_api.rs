//! The legal pathways through the server: the API (with a nationality,
//! the pathways whose origins admit it; an unknown code refused) and the
//! dashboard's page, public, in the reader's language.

mod common;

use common::server::{agent, get, Server};
use common::TestStore;

fn ids(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pathways_are_public_and_computed_for_a_nationality() {
    let store = TestStore::new();
    let server = Server::start(&store, &[]);
    let all = get(&format!("{}/api/v1/labour/pathways", server.url), None);
    assert_eq!(all.status, 200, "{}", all.body);
    let all_ids = ids(&all.body);
    assert!(all_ids.len() >= 20, "{all_ids:?}");
    let h2b: serde_json::Value = serde_json::from_str::<serde_json::Value>(&all.body)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "USA-H2B")
        .cloned()
        .unwrap();
    assert_eq!(h2b["quota"], 66000);
    assert_eq!(h2b["origins"], serde_json::Value::Null);
    assert!(h2b["source"]
        .as_str()
        .unwrap()
        .starts_with("https://www.uscis.gov/"));

    let hnd = get(
        &format!("{}/api/v1/labour/pathways?nationality=hnd", server.url),
        None,
    );
    assert_eq!(hnd.status, 200, "{}", hnd.body);
    let hnd = ids(&hnd.body);
    assert!(hnd.contains(&"ESP-HND-CIRC".to_string()), "{hnd:?}");
    assert!(hnd.contains(&"USA-H2A".to_string()));
    assert!(!hnd.contains(&"SMO-USA".to_string()), "{hnd:?}");
    assert!(!hnd.contains(&"MERCOSUR-ARG".to_string()));

    let bad = get(
        &format!("{}/api/v1/labour/pathways?nationality=XQZ", server.url),
        None,
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("XQZ"), "{}", bad.body);

    let doc = get(&format!("{}/openapi.json", server.url), None);
    assert!(doc.body.contains("/api/v1/labour/pathways"));

    let mut r = agent()
        .get(&format!("{}/labour?nationality=HND", server.url))
        .header("Accept-Language", "es")
        .call()
        .expect("the page");
    assert_eq!(r.status().as_u16(), 200);
    let page = r.body_mut().read_to_string().unwrap();
    assert!(
        page.contains("<h1>Vías de movilidad laboral</h1>"),
        "{page}"
    );
    assert!(page.contains("data-pathway=\"ESP-HND-CIRC\""));
    assert!(!page.contains("data-pathway=\"SMO-USA\""));
}
