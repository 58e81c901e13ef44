//! The smallest Yew widget worth the name: a button that shows or hides a 15-item list.

use yew::prelude::*;

// The allocator the widget ships with (src/lib.rs).
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[function_component]
fn App() -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
    };
    html! {
        <section>
            <button onclick={toggle}>{ if *open { "Hide" } else { "Show" } }</button>
            if *open {
                <ol>{ for (1..=15).map(|i| html! { <li>{ format!("Chapter {i}") }</li> }) }</ol>
            }
        </section>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
