//! `argon2_rate MEMORY_KIB ITERATIONS HASHES THREADS`: argon2id hashes of a password (the
//! product's algorithm, version and parameters, one lane) in THREADS threads; prints hashes/s.
use argon2::PasswordHasher;
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .map(|a| a.parse().expect("number"))
        .collect();
    let (memory, iterations, hashes, threads) = (args[0], args[1], args[2] as usize, args[3]);
    let params = Params::new(memory, iterations, 1, None).unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (params, next) = (params.clone(), Arc::clone(&next));
            std::thread::spawn(move || {
                let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
                while next.fetch_add(1, Ordering::Relaxed) < hashes {
                    argon.hash_password(b"correct horse battery 42").unwrap();
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("{:.1}", hashes as f64 / started.elapsed().as_secs_f64());
}
