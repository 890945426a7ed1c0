import { generate } from 'selfsigned';

/** A key and certificate for a sandbox served over HTTPS. */
export interface TlsMaterial {
	key: string;
	cert: string;
}

/**
 * A fresh self-signed certificate for 127.0.0.1, as a local BAS web server often has: clients
 * must refuse it unless told to ignore SSL issues.
 */
export async function selfSignedCertificate(): Promise<TlsMaterial> {
	const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
		keySize: 2048,
		notAfterDate: new Date(Date.now() + 2 * 86_400_000),
	});
	return { key: pems.private, cert: pems.cert };
}
