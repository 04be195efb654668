import text from '../../shaders/zz.wgsl?raw';
export async function main(args: string[]): Promise<number> { console.log(JSON.stringify(text), args); return 0; }
