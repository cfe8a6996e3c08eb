import { Injectable } from '@nestjs/common';
import type { Fyno } from '@fyno-kit/core';
import { InjectFyno } from '@fyno-kit/nest';

@Injectable()
export class ReceiptsService {
  constructor(@InjectFyno() private readonly fyno: Fyno) {}
}
