import { checkCode, fyno, sendCode } from './sign-in-code.js';

const requestId = await sendCode('ana@example.com');
const [message] = await (await fetch(`http://127.0.0.1:4010/_emulator/messages?request_id=${requestId}`)).json();
const otp: string = message.otp;

console.log('wrong code accepted:', await checkCode(requestId, otp === '000000' ? '000001' : '000000'));
console.log('right code accepted:', await checkCode(requestId, otp));
console.log('same code again accepted:', await checkCode(requestId, otp));
await fyno.close();
